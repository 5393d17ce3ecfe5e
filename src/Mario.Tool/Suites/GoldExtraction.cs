namespace Mario.Tool.Suites;

/// <summary>How the gold final answer is read from the data file's answer field.</summary>
public enum GoldExtraction
{
    /// <summary>The field already holds the final answer; use it as is (after trimming).</summary>
    Verbatim,

    /// <summary>Take the content of the last <c>\boxed{...}</c> in the field.</summary>
    Boxed,

    /// <summary>Take the text after the last <c>####</c> in the field (GSM8K style).</summary>
    HashMark,
}
