namespace Mario.Tool.Suites;

/// <summary>What a suite is for.</summary>
public enum SuiteRole
{
    /// <summary>A benchmark to evaluate on.</summary>
    Eval,

    /// <summary>Training data (e.g. for self-training rounds); evaluable but large.</summary>
    Train,

    /// <summary>Few-shot exemplars referenced by other suites; not a benchmark.</summary>
    FewShot,
}
