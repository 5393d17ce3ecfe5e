namespace Mario.Tool.Runs;

/// <summary>
/// The content of <c>comparison.json</c> in a folder holding several runs (strategies compared, suites, or both): the
/// runs in table order, each in its own sub-folder with its resolved options, so <c>--resume</c> of the folder
/// continues every run.
/// </summary>
/// <param name="Schema">File format version, <see cref="RunManifest.CurrentSchema"/>.</param>
/// <param name="StartedAt">When the group was started (UTC).</param>
/// <param name="Runs">The runs in table order (at least one).</param>
public sealed record ComparisonManifest(int Schema, DateTimeOffset StartedAt, IReadOnlyList<ComparisonRun> Runs)
{
    /// <summary>The file name inside the group folder.</summary>
    public const string FileName = "comparison.json";
}
