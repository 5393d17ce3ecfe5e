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
        var summaryPath = Path.Combine(folder, "summary.json");
        var samplesPath = Path.Combine(folder, "samples.jsonl");
        if (!File.Exists(summaryPath))
        {
            return (null, File.Exists(samplesPath)
                ? $"{summaryPath}: no such file (the run has not finished; finish it with 'dotnet mario eval --resume {folder}')"
                : $"{folder}: not a run folder (no summary.json or samples.jsonl)");
        }

        var (summary, summaryError) = await RunJson.ReadSummaryAsync(summaryPath, cancellationToken).ConfigureAwait(false);
        if (summary is null)
        {
            return (null, summaryError);
        }

        if (!File.Exists(samplesPath))
        {
            return (null, $"{samplesPath}: no such file");
        }

        var samples = new List<SampleLine>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var number = 0;
        foreach (var text in await File.ReadAllLinesAsync(samplesPath, RunJson.Utf8, cancellationToken).ConfigureAwait(false))
        {
            number++;
            if (text.Length == 0)
            {
                continue;
            }

            var (sample, error) = RunJson.ParseSample(text);
            if (sample is null)
            {
                return (null, $"{samplesPath}:{number}: {error}");
            }

            if (!seen.TryAdd(sample.Id, number))
            {
                return (null, $"{samplesPath}:{number}: id '{sample.Id}' is recorded twice (first on line {seen[sample.Id]})");
            }

            samples.Add(sample);
        }

        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)));
        var label = name.Length == 0 ? summary.Strategy : name;
        for (var i = 2; !labels.Add(label); i++)
        {
            label = $"{name}-{i}";
        }

        return (new ReportRun(folder, label, summary, samples), null);
    }
}
