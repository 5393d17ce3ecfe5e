using Mario.Tool.Runs;

namespace Mario.Tool.Reports;

/// <summary>
/// Reads the folders named on the command line into <see cref="ReportRun"/>s, through the typed run records only. A
/// comparison folder (comparison.json and one run folder per strategy) stands for its runs, in name order.
/// </summary>
public static class ReportRunReader
{
    /// <summary>Reads every folder; the error names the folder, file or line and what was expected.</summary>
    /// <param name="folders">Run folders or comparison folders, at least one.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    public static async Task<(IReadOnlyList<ReportRun>? Runs, string? Error)> ReadAsync(IReadOnlyList<string> folders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folders);
        var expanded = new List<string>();
        foreach (var folder in folders)
        {
            if (!Directory.Exists(folder))
            {
                return (null, File.Exists(folder)
                    ? $"{folder}: expected a run folder (holding summary.json and samples.jsonl), found a file"
                    : $"{folder}: no such run folder");
            }

            if (!File.Exists(Path.Combine(folder, "summary.json")) && File.Exists(Path.Combine(folder, "comparison.json")))
            {
                var runs = Directory.GetDirectories(folder).Where(d => File.Exists(Path.Combine(d, "summary.json"))).Order(StringComparer.Ordinal).ToList();
                if (runs.Count == 0)
                {
                    return (null, $"{folder}: a comparison folder without a finished run (no */summary.json)");
                }

                expanded.AddRange(runs);
                continue;
            }

            expanded.Add(folder);
        }

        var result = new List<ReportRun>();
        var labels = new HashSet<string>(StringComparer.Ordinal);
        foreach (var folder in expanded)
        {
            var (run, error) = await ReadOneAsync(folder, labels, cancellationToken).ConfigureAwait(false);
            if (run is null)
            {
                return (null, error);
            }

            result.Add(run);
        }

        return (result, null);
    }

    private static async Task<(ReportRun? Run, string? Error)> ReadOneAsync(string folder, HashSet<string> labels, CancellationToken cancellationToken)
    {
        // The one reader of finished run folders (compare and gate read through it too).
        var (finished, error) = await FinishedRun.ReadAsync(folder, cancellationToken).ConfigureAwait(false);
        if (finished is null)
        {
            return (null, error);
        }

        var (summary, samples) = (finished.Summary, finished.Samples);
        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        var label = name.Length == 0 ? summary.Strategy : name;
        for (var i = 2; !labels.Add(label); i++)
        {
            label = $"{name}-{i}";
        }

        return (new ReportRun(folder, label, summary, samples), null);
    }
}
