using Mario.Tool.Runs;

namespace Mario.Tool.Running;

/// <summary>A finished run folder read for <c>mario merge</c>: its run.json, summary.json and sample lines, read only through the typed run records.</summary>
/// <param name="Path">The folder as given.</param>
/// <param name="Run">Its run.json.</param>
/// <param name="Summary">Its summary.json.</param>
/// <param name="Lines">Its samples.jsonl lines, in file order.</param>
public sealed record RunShard(string Path, RunManifest Run, RunSummary Summary, IReadOnlyList<SampleLine> Lines)
{
    /// <summary>Reads a finished run folder; the error is one line naming the folder or file, line and field.</summary>
    public static async Task<(RunShard? Shard, string? Error)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var run = new RunDirectory(System.IO.Path.GetFullPath(path));
        if (!Directory.Exists(run.Path))
        {
            return (null, $"{path}: no such run folder");
        }

        if (!File.Exists(run.RunFile))
        {
            return (null, $"{path}: run.json is missing, so this is not a mario run folder");
        }

        if (!File.Exists(run.SummaryJson))
        {
            return (null, $"{path}: summary.json is missing, so the shard is unfinished; finish it with: dotnet mario eval --resume {path}");
        }

        var (file, fileError) = await RunJson.ReadRunManifestAsync(run.RunFile, cancellationToken).ConfigureAwait(false);
        if (file is null)
        {
            return (null, fileError);
        }

        var (summary, summaryError) = await RunJson.ReadSummaryAsync(run.SummaryJson, cancellationToken).ConfigureAwait(false);
        if (summary is null)
        {
            return (null, summaryError);
        }

        var lines = new List<SampleLine>();
        if (File.Exists(run.Samples))
        {
            var number = 0;
            await foreach (var text in File.ReadLinesAsync(run.Samples, cancellationToken).ConfigureAwait(false))
            {
                number++;
                var (line, error) = RunJson.ParseSample(text);
                if (line is null)
                {
                    return (null, $"{run.Samples}:{number}: {error}: not a sample line");
                }

                lines.Add(line);
            }
        }

        return (new RunShard(path, file, summary, lines), null);
    }
}
