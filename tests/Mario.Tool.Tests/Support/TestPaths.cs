namespace Mario.Tool.Tests.Support;

/// <summary>Folders the tests read: the repository root (holding Mario.sln), the suites it ships, and the full suites (optional).</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = Mario.Tool.Suites.DataLocator.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Mario.sln not found above the test assembly");

    /// <summary>The suites that ship in the repository (gsm8k-test-mini, math500-mini, synth-*): every clone has them.</summary>
    public static string ShippedSuites { get; } = Path.Combine(RepoRoot, "eval-suites", "data");

    /// <summary>The full GSM8K / MATH suites; only tests marked [FullSuitesFact] / [FullSuitesTheory] read them.</summary>
    public static string FullSuites => Mario.Testing.SuiteData.FullSuites;

    public static string EvalSuites { get; } = Path.Combine(RepoRoot, "eval-suites");

    public static string TestData { get; } = Path.Combine(AppContext.BaseDirectory, "TestData");

    /// <summary>The mario.dll built next to the tests (the tool project is referenced).</summary>
    public static string MarioDll { get; } = Path.Combine(AppContext.BaseDirectory, "mario.dll");
}
