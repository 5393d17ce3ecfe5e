namespace Mario.Eval.Answers;

/// <summary>Which rule (or rule order) pulls the final answer out of a completion; suites pick one.</summary>
public enum ExtractionStyle
{
    /// <summary>Boxed, then final-answer lines, then answer phrases, then <c>####</c>, then the last math or number; a short text is taken whole.</summary>
    Auto,

    /// <summary>The last <c>\boxed{...}</c> / <c>\fbox{...}</c> (adjacent boxes merged into one list).</summary>
    Boxed,

    /// <summary>A <c>Final Answer: ...</c> line (Super_MARIO's and Minerva's formats).</summary>
    FinalAnswer,

    /// <summary>"The answer is ..." / "final answer is ...".</summary>
    Phrase,

    /// <summary>GSM8K's <c>#### n</c>.</summary>
    HashMark,

    /// <summary>The code interpreter's last output (<c>Observation:</c> or an <c>```output</c> block).</summary>
    CodeOutput,

    /// <summary>The last number in the text.</summary>
    LastNumber,

    /// <summary>The whole text is the answer.</summary>
    Whole,
}
