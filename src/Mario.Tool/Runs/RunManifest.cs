namespace Mario.Tool.Runs;

/// <summary>
/// The content of <c>run.json</c>, written when a run starts: what <c>--resume</c> needs to continue the run exactly as
/// it was started, and what <c>merge</c> checks shards against.
/// </summary>
/// <param name="Schema">File format version, <see cref="CurrentSchema"/>.</param>
/// <param name="Options">The run's resolved options (a policy's own value head filled in).</param>
/// <param name="StartedAt">When the run was first started (UTC).</param>
/// <param name="Tool">The tool version and commit that started it.</param>
/// <param name="SuiteVersion">The suite manifest's version when the run started.</param>
/// <param name="DataSha256">The verified sha256 (hex) of the suite data when the run started; a resume needs the same data.</param>
public sealed record RunManifest(
    int Schema,
    RunOptions Options,
    DateTimeOffset StartedAt,
    ToolIdentity Tool,
    int SuiteVersion,
    string DataSha256)
{
    /// <summary>The version this build writes and reads. Version 1 (before 0.2) stored the options untyped.</summary>
    public const int CurrentSchema = 2;

    /// <summary>The file name inside a run folder.</summary>
    public const string FileName = "run.json";
}
