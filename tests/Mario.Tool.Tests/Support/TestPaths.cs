namespace Mario.Tool.Tests.Support;

/// <summary>Folders the tests read: the repository root (holding Mario.sln) and ../shared/suites beside it.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = Mario.Tool.Suites.DataLocator.FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Mario.sln not found above the test assembly");

    public static string SharedSuites { get; } = Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "suites"));

    public static string EvalSuites { get; } = Path.Combine(RepoRoot, "eval-suites");

    public static string TestData { get; } = Path.Combine(AppContext.BaseDirectory, "TestData");

    /// <summary>The mario.dll built next to the tests (the tool project is referenced).</summary>
    public static string MarioDll { get; } = Path.Combine(AppContext.BaseDirectory, "mario.dll");
}
