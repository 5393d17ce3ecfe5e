namespace Mario.Testing;

/// <summary>
/// Where the tests find data: the small suites that ship in the repository (<c>eval-suites/data</c>) and, for the few
/// tests that need whole GSM8K / MATH suites, the full suites folder, which a clone need not have.
/// </summary>
/// <remarks>
/// The full suites folder is <c>$MARIO_SUITES_DIR</c> when set, else <c>../shared/suites</c> beside the repository.
/// Tests that need it skip with a reason when it is absent, unless <c>MARIO_REQUIRE_SUITE_DATA=1</c> (set by CI,
/// where the folder is present), in which case they run and fail: CI never silently skips them.
/// </remarks>
public static class SuiteData
{
    /// <summary>Environment variable naming the folder of full suites.</summary>
    public const string DirectoryVariable = "MARIO_SUITES_DIR";

    /// <summary>Environment variable that turns a missing full-suites folder from a skip into a failure.</summary>
    public const string RequireVariable = "MARIO_REQUIRE_SUITE_DATA";

    private static readonly Lazy<string> Root = new(() => FindRepositoryRoot(AppContext.BaseDirectory)
        ?? throw new InvalidOperationException("Mario.sln not found above the test assembly " + AppContext.BaseDirectory));

    /// <summary>The repository root (the folder holding Mario.sln).</summary>
    public static string RepositoryRoot => Root.Value;

    /// <summary>The suites that ship with the repository and the tool (gsm8k-test-mini, math500-mini, synth-*, ...).</summary>
    public static string ShippedSuites => Path.Combine(RepositoryRoot, "eval-suites", "data");

    /// <summary>The full suites folder (it may not exist; see <see cref="FullSuitesSkipReason"/>).</summary>
    public static string FullSuites => Environment.GetEnvironmentVariable(DirectoryVariable) is { Length: > 0 } dir
        ? Path.GetFullPath(dir)
        : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "suites"));

    /// <summary>True when CI demands the full suites (a missing folder then fails instead of skipping).</summary>
    public static bool FullSuitesRequired => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>Null when the full suites are present or required; otherwise why the tests that need them skip.</summary>
    public static string? FullSuitesSkipReason =>
        Directory.Exists(FullSuites) || FullSuitesRequired
            ? null
            : $"needs the full GSM8K / MATH suites: {FullSuites} is absent (set {DirectoryVariable}=DIR, or `dotnet mario suites pull` them; CI sets {RequireVariable}=1)";

    /// <summary>Full-suite data files present, or an empty list when the folder is absent.</summary>
    public static IReadOnlyList<string> FullSuiteFiles() =>
        Directory.Exists(FullSuites)
            ? Directory.GetFiles(FullSuites, "*.jsonl").Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList()
            : [];

    private static string? FindRepositoryRoot(string start)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mario.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
