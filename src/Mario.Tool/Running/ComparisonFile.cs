using System.Text;
using System.Text.Json;
using Mario.Tool.Suites;

namespace Mario.Tool.Running;

/// <summary>
/// The content of <c>comparison.json</c> in a comparison folder: the runs it holds, in table order, each in its own
/// sub-folder with its resolved options, so <c>--resume</c> of the folder continues every run.
/// </summary>
/// <param name="Schema">File format version, 1.</param>
/// <param name="StartedAt">When the comparison was started (UTC).</param>
/// <param name="Runs">The runs in table order.</param>
public sealed record ComparisonFile(int Schema, DateTimeOffset StartedAt, IReadOnlyList<ComparisonEntry> Runs)
{
    /// <summary>The file name inside the comparison folder.</summary>
    public const string FileName = "comparison.json";

    /// <summary>Writes comparison.json into <paramref name="folder"/>.</summary>
    public async Task WriteAsync(string folder, CancellationToken cancellationToken) =>
        await File.WriteAllTextAsync(Path.Combine(folder, FileName), JsonSerializer.Serialize(this, ManifestReader.Options) + "\n", new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);

    /// <summary>Reads comparison.json from <paramref name="folder"/>, or returns a one-line error naming the file.</summary>
    public static async Task<(ComparisonFile? File, string? Error)> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, FileName);
        try
        {
            var file = JsonSerializer.Deserialize<ComparisonFile>(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), ManifestReader.Options);
            if (file is not { Schema: 1, Runs.Count: > 0 })
            {
                return (null, $"{path}: expected schema 1 with at least one run");
            }

            for (var i = 0; i < file.Runs.Count; i++)
            {
                var run = file.Runs[i];
                if (run is null || string.IsNullOrEmpty(run.Label))
                {
                    return (null, $"{path}: runs[{i}]: expected an object with label, folder and options");
                }

                if (string.IsNullOrEmpty(run.Folder) || run.Folder.Contains('/', StringComparison.Ordinal) || run.Folder.Contains('\\', StringComparison.Ordinal) || run.Folder is "." or "..")
                {
                    return (null, $"{path}: runs[{i}].folder must be a plain sub-folder name, found '{run.Folder}'");
                }
            }

            return (file, null);
        }
        catch (JsonException ex)
        {
            return (null, $"{path}:{(ex.LineNumber ?? 0) + 1}: {ex.Path}: unreadable comparison file ({ex.Message.Split(". Path:")[0]})");
        }
    }
}
