using System.Text;
using System.Text.Json;
using Mario.Tool.Suites;

namespace Mario.Tool.Running;

/// <summary>The content of <c>run.json</c>: what <c>--resume</c> needs to continue a run exactly as it was started.</summary>
/// <param name="Schema">File format version, 1.</param>
/// <param name="Options">The run's options.</param>
/// <param name="StartedAt">When the run was first started (UTC).</param>
/// <param name="ToolVersion">The tool version that started it.</param>
/// <param name="SuiteVersion">The suite manifest's version when the run started.</param>
/// <param name="DataSha256">The verified sha256 of the suite data when the run started; a resume needs the same data.</param>
public sealed record RunFile(int Schema, EvalOptions Options, DateTimeOffset StartedAt, string ToolVersion, int SuiteVersion, string DataSha256)
{
    /// <summary>Writes run.json.</summary>
    public async Task WriteAsync(RunDirectory run, CancellationToken cancellationToken) =>
        await File.WriteAllTextAsync(run.RunFile, JsonSerializer.Serialize(this, ManifestReader.Options) + "\n", new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);

    /// <summary>Reads run.json, or returns a one-line error naming the file.</summary>
    public static async Task<(RunFile? File, string? Error)> ReadAsync(RunDirectory run, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(run.Path))
        {
            return (null, $"--resume {run.Path}: no such run folder");
        }

        if (!System.IO.File.Exists(run.RunFile))
        {
            return (null, $"--resume {run.Path}: run.json is missing, so this is not a mario run folder");
        }

        try
        {
            var json = await System.IO.File.ReadAllTextAsync(run.RunFile, cancellationToken).ConfigureAwait(false);
            var file = JsonSerializer.Deserialize<RunFile>(json, ManifestReader.Options);
            return file is { Schema: 1 } ? (file, null) : (null, $"{run.RunFile}: schema: expected 1");
        }
        catch (JsonException ex)
        {
            return (null, $"{run.RunFile}:{(ex.LineNumber ?? 0) + 1}: {ex.Path}: unreadable run file ({ex.Message.Split(". Path:")[0]})");
        }
    }
}
