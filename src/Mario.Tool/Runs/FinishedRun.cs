namespace Mario.Tool.Runs;

/// <summary>A run folder read back through the typed run records: its summary and every sample line, in file order.</summary>
/// <param name="Folder">The folder as the user named it.</param>
/// <param name="Summary">summary.json.</param>
/// <param name="Samples">samples.jsonl, one record per problem, in file order (suite order for a finished run).</param>
public sealed record FinishedRun(string Folder, RunSummary Summary, IReadOnlyList<SampleLine> Samples)
{
    /// <summary>
    /// Reads a run folder (summary.json and samples.jsonl). The error names the folder or file, the line and what
    /// was expected: no such folder, a comparison folder (naming its runs), a run without summary.json (unfinished),
    /// a malformed line, or an id recorded twice.
    /// </summary>
    /// <param name="folder">The run folder.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    public static async Task<(FinishedRun? Run, string? Error)> ReadAsync(string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            return (null, File.Exists(folder) ? $"{folder}: expected a run folder (holding summary.json and samples.jsonl), found a file" : $"{folder}: no such run folder");
        }

        var summaryPath = Path.Combine(folder, "summary.json");
        var samplesPath = Path.Combine(folder, "samples.jsonl");
        if (!File.Exists(summaryPath) && File.Exists(Path.Combine(folder, "comparison.json")))
        {
            var runs = Directory.GetDirectories(folder).Where(d => File.Exists(Path.Combine(d, "summary.json"))).Select(Path.GetFileName).Order(StringComparer.Ordinal);
            return (null, $"{folder}: a comparison folder, not a run; name one of its runs: {string.Join(", ", runs)}");
        }

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

        return (new FinishedRun(folder, summary, samples), null);
    }
}
