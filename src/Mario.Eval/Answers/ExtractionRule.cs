namespace Mario.Eval.Answers;

/// <summary>The rule that actually produced an extracted answer.</summary>
public enum ExtractionRule
{
    /// <summary>No rule fired; the answer is null.</summary>
    None,

    /// <summary>Last <c>\boxed{}</c> (or several adjacent boxes).</summary>
    Boxed,

    /// <summary>A <c>Final Answer:</c> line.</summary>
    FinalAnswer,

    /// <summary>An "answer is" phrase.</summary>
    Phrase,

    /// <summary>GSM8K <c>####</c>.</summary>
    HashMark,

    /// <summary>The code interpreter's last output.</summary>
    CodeOutput,

    /// <summary>The last inline math (<c>$...$</c>, <c>\(...\)</c>, <c>\[...\]</c>) or number in prose, whichever comes last.</summary>
    LastMath,

    /// <summary>The last number in the text.</summary>
    LastNumber,

    /// <summary>The whole (short) text.</summary>
    WholeText,

    /// <summary>A multiple-choice letter read from prose because the gold answer is a letter.</summary>
    Choice,
}
