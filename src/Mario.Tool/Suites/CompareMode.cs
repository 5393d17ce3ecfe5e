namespace Mario.Tool.Suites;

/// <summary>How a predicted answer is compared with the gold answer; passed to the equivalence checker.</summary>
public enum CompareMode
{
    /// <summary>Full mathematical equivalence (LaTeX expressions, sets, intervals, numbers).</summary>
    Math,

    /// <summary>Numbers only (word problems such as GSM8K).</summary>
    Numeric,

    /// <summary>A multiple-choice letter (A to E).</summary>
    Choice,

    /// <summary>Normalised strings.</summary>
    String,
}
