using System.Globalization;
using Mario.Tool.Cli;
using Mario.Tool.Runs;
using Mario.Tool.Suites;

namespace Mario.Tool.Running;

/// <summary>
/// <c>mario merge</c>: joins the folders of one run sharded with <c>--shard i/n</c> into one run folder whose
/// samples.jsonl (suite order), run.json and summary.json are those of the unsharded run with the same seed, apart
/// from timings and the shard spec. The merged summary is rebuilt from the merged samples by the one summary writer,
/// so it has every metric of a direct run. Deterministic: the merged finishedAt is the last shard's, not the clock.
/// </summary>
public static class ShardMerger
{
    /// <summary>Checks and merges the shards into <paramref name="output"/>.</summary>
    /// <param name="shardPaths">The shard run folders, in any order.</param>
    /// <param name="output">The new run folder (must not hold a run).</param>
    /// <param name="dataDir">Where to look first for the suite data (to check coverage), or null for the shards' --data-dir.</param>
    /// <param name="cancellationToken">Cancels reading and writing.</param>
    /// <returns>The merged summary, its options, or a failure (exit 2) naming what differs.</returns>
    public static async Task<(RunSummary? Summary, EvalOptions? Options, CliFailure? Failure)> MergeAsync(
        IReadOnlyList<string> shardPaths, string output, string? dataDir, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shardPaths);
        var shards = new List<RunShard>();
        foreach (var path in shardPaths)
        {
            var (shard, error) = await RunShard.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            if (shard is null)
            {
                return Fail(error!);
            }

            shards.Add(shard);
        }

        if (ShardCheck.FirstDifference(shards) is { } difference)
        {
            return Fail(difference);
        }

        var (ordered, count, specError) = ShardCheck.Specs(shards);
        if (specError is not null)
        {
            return Fail(specError);
        }

        var first = ordered[0];
        var (stored, optionsError) = EvalOptions.FromRecord(first.Run.Options, Path.Combine(first.Path, RunManifest.FileName));
        if (stored is null)
        {
            return Fail(optionsError!);
        }

        var options = stored with { Selection = stored.Selection with { Shard = null } };
        var (manifest, manifestDir, suiteError) = await SuiteCatalog.LoadEmbedded().ResolveAsync(options.Suite, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return Fail($"{first.Path}: --suite {options.Suite}: {suiteError}");
        }

        var (suite, loadError) = await SuiteLoader.LoadAsync(manifest, manifestDir, DataLocator.FromEnvironment(dataDir ?? options.DataDir), cancellationToken).ConfigureAwait(false);
        if (suite is null)
        {
            return Fail($"the suite data is needed to check that the shards cover every problem: {loadError}");
        }

        if (suite.DataSha256 != first.Summary.Suite.DataSha256)
        {
            return Fail($"the data of suite '{manifest.Id}' found here ({suite.DataPath}, sha256 {suite.DataSha256}) is not the data the shards ran on (sha256 {first.Summary.Suite.DataSha256}); point --data-dir at that data");
        }

        var (problems, selectError) = (options.Selection with { Limit = null }).Apply(suite);
        if (selectError is not null)
        {
            return Fail(selectError);
        }

        var (lines, coverError) = ShardCheck.Cover(ordered, problems.Select(p => p.Id).ToList(), count, manifest.Id);
        if (lines is null)
        {
            return Fail(coverError!);
        }

        var run = new RunDirectory(Path.GetFullPath(output));
        if (File.Exists(run.Samples) || File.Exists(run.RunFile) || File.Exists(Path.Combine(run.Path, ComparisonManifest.FileName)))
        {
            return Fail($"-o {output} already holds a run; choose another folder");
        }

        try
        {
            Directory.CreateDirectory(run.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Fail($"cannot create the run folder {output}: {ex.Message}");
        }

        await using (var writer = new SampleWriter(run.Samples))
        {
            foreach (var line in lines)
            {
                await writer.AppendAsync(line, cancellationToken).ConfigureAwait(false);
            }
        }

        var startedAt = shards.Min(s => s.Run.StartedAt);
        var record = new RunManifest(RunManifest.CurrentSchema, options.ToRecord(), startedAt, first.Run.Tool, first.Run.SuiteVersion, first.Run.DataSha256);
        await File.WriteAllTextAsync(run.RunFile, RunJson.Serialize(record), RunJson.Utf8, cancellationToken).ConfigureAwait(false);
        var s = first.Summary;
        var finishedAt = shards.Max(shard => DateTimeOffset.Parse(shard.Summary.FinishedAt, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal));
        var info = new RunInfo(manifest, suite.DataSha256, options, s.Model, s.ValueModel, s.Solver, s.StepFormat, s.Sandbox, problems.Count, startedAt, finishedAt,
            ordered.SelectMany(shard => shard.Summary.Warnings).Distinct(StringComparer.Ordinal).ToList(), s.ModelSha256, s.ValueModelSha256,
            Server: s.Server,
            PromptType: s.PromptType,
            FewShotIds: ordered.SelectMany(shard => shard.Summary.FewShotIds ?? []).Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } ids ? ids : s.FewShotIds);
        var summary = await SummaryWriter.BuildAsync(info, run.Samples, cancellationToken).ConfigureAwait(false);
        await SummaryWriter.WriteAsync(run, summary, cancellationToken).ConfigureAwait(false);
        return (summary, options, null);
    }

    private static (RunSummary?, EvalOptions?, CliFailure?) Fail(string message) => (null, null, CliFailure.Usage(message));
}
