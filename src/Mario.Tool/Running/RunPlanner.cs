using System.Globalization;
using Mario.Tool.Cli;
using Mario.Tool.Runs;

namespace Mario.Tool.Running;

/// <summary>
/// Turns an <see cref="EvalRequest"/> into a <see cref="RunPlan"/>: a new run, a new group (several strategies and/or
/// suites), or the resume of either. Each run is composed through the <see cref="EvalSession"/> before anything is
/// written, and a resume is checked against what its folder stored (options, suite version, data sha256).
/// </summary>
/// <param name="session">Composes the runs (and shares backends between them).</param>
/// <param name="time">The clock for start times and default folder names.</param>
public sealed class RunPlanner(EvalSession session, TimeProvider time)
{
    /// <summary>The options that may differ on a resume, because they do not change results.</summary>
    private static readonly string[] Changeable = ["--concurrency", "--data-dir"];

    /// <summary>Plans the request; nothing is written except a new group's comparison.json, once every run composed.</summary>
    /// <returns>The plan, or a failure naming the option or file and what was expected.</returns>
    public async Task<(RunPlan? Plan, CliFailure? Failure)> PlanAsync(EvalRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Resume is { } resume)
        {
            var folder = Path.GetFullPath(resume);
            return File.Exists(Path.Combine(folder, ComparisonManifest.FileName))
                ? await ResumeGroupAsync(request, folder, cancellationToken).ConfigureAwait(false)
                : await ResumeRunAsync(request, folder, cancellationToken).ConfigureAwait(false);
        }

        return request.Runs.Count > 1
            ? await NewGroupAsync(request, cancellationToken).ConfigureAwait(false)
            : await NewRunAsync(request, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(RunPlan? Plan, CliFailure? Failure)> NewRunAsync(EvalRequest request, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var options = request.Runs[0];
        var folder = request.Output ?? Path.Combine("runs", $"{Stamp(startedAt)}-{SafeName(options.Suite)}-{StrategySpec.FolderName(options.Label)}");
        var run = new RunDirectory(Path.GetFullPath(folder));
        if (HoldsRun(run.Path))
        {
            return (null, CliFailure.Usage($"--output {folder} already holds a run; continue it with --resume {folder} or choose another folder"));
        }

        var (prepared, failure) = await session.PrepareAsync(options, cancellationToken).ConfigureAwait(false);
        return prepared is null ? (null, failure) : (new RunPlan(run.Path, false, [new PlannedRun(prepared, run, startedAt, false)]), null);
    }

    private async Task<(RunPlan? Plan, CliFailure? Failure)> NewGroupAsync(EvalRequest request, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var suites = request.Runs.Select(r => r.Suite).Distinct(StringComparer.Ordinal).ToList();
        var folder = Path.GetFullPath(request.Output ?? Path.Combine("runs", $"{Stamp(startedAt)}-{string.Join('+', suites.Select(SafeName))}-compare"));
        if (HoldsRun(folder))
        {
            return (null, CliFailure.Usage($"--output {folder} already holds a run; continue it with --resume {folder} or choose another folder"));
        }

        var runs = new List<PlannedRun>();
        var entries = new List<ComparisonRun>();
        foreach (var options in request.Runs)
        {
            var (prepared, failure) = await session.PrepareAsync(options, cancellationToken).ConfigureAwait(false);
            if (prepared is null)
            {
                return (null, failure);
            }

            var label = prepared.Label;
            if (runs.Any(r => r.Label == label && r.Prepared.Options.Suite == options.Suite))
            {
                return (null, CliFailure.Usage($"--strategy lists {label} twice; each strategy of a comparison must differ, e.g. --strategy \"greedy,maj@5,beam(3,5)\""));
            }

            // One suite: a sub-folder per strategy; several: per suite and strategy.
            var name = StrategySpec.FolderName(label);
            var sub = suites.Count > 1 ? $"{SafeName(options.Suite)}-{name}" : name;
            runs.Add(new PlannedRun(prepared, new RunDirectory(Path.Combine(folder, sub)), startedAt, false));
            entries.Add(new ComparisonRun(label, sub, prepared.Options.ToRecord()));
        }

        try
        {
            Directory.CreateDirectory(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, CliFailure.Usage($"cannot create the run folder {folder}: {ex.Message}"));
        }

        var manifest = new ComparisonManifest(RunManifest.CurrentSchema, startedAt, entries);
        await File.WriteAllTextAsync(Path.Combine(folder, ComparisonManifest.FileName), RunJson.Serialize(manifest), RunJson.Utf8, cancellationToken).ConfigureAwait(false);
        return (new RunPlan(folder, true, runs), null);
    }

    private async Task<(RunPlan? Plan, CliFailure? Failure)> ResumeRunAsync(EvalRequest request, string folder, CancellationToken cancellationToken)
    {
        if (request.Output is { } output && Path.GetFullPath(output).TrimEnd('/') != folder.TrimEnd('/'))
        {
            return (null, CliFailure.Usage($"--output {output} contradicts --resume {request.Resume}: a resumed run writes into its own folder; drop --output"));
        }

        var run = new RunDirectory(folder);
        if (!Directory.Exists(folder))
        {
            return (null, CliFailure.Usage($"--resume {folder}: no such run folder"));
        }

        if (!File.Exists(run.RunFile))
        {
            return (null, CliFailure.Usage($"--resume {folder}: {RunManifest.FileName} is missing, so this is not a mario run folder"));
        }

        var (stored, options, readFailure) = await ReadRunAsync(run, request, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return (null, readFailure);
        }

        if (Conflict(request, options!) is { } conflict)
        {
            return (null, CliFailure.Usage(conflict));
        }

        var (planned, failure) = await PrepareResumedAsync(options!, run, stored, cancellationToken).ConfigureAwait(false);
        return planned is null ? (null, failure) : (new RunPlan(folder, false, [planned]), null);
    }

    private async Task<(RunPlan? Plan, CliFailure? Failure)> ResumeGroupAsync(EvalRequest request, string folder, CancellationToken cancellationToken)
    {
        // A group resumes with its stored options; only what does not change results may be given again.
        if (request.Explicit.FirstOrDefault(name => !Changeable.Contains(name) && name != "--format") is { } given)
        {
            return (null, CliFailure.Usage($"--resume {folder}: a comparison continues with the options it was started with; drop {given} (only --concurrency and --data-dir may change)"));
        }

        var (group, error) = await RunJson.ReadComparisonAsync(Path.Combine(folder, ComparisonManifest.FileName), cancellationToken).ConfigureAwait(false);
        if (group is null)
        {
            return (null, CliFailure.Usage(error!));
        }

        var runs = new List<PlannedRun>();
        for (var i = 0; i < group.Runs.Count; i++)
        {
            var entry = group.Runs[i];
            var run = new RunDirectory(Path.Combine(folder, entry.Folder));
            if (File.Exists(run.RunFile))
            {
                var (stored, options, readFailure) = await ReadRunAsync(run, request, cancellationToken).ConfigureAwait(false);
                if (stored is null)
                {
                    return (null, readFailure);
                }

                var (planned, failure) = await PrepareResumedAsync(options!, run, stored, cancellationToken).ConfigureAwait(false);
                if (planned is null)
                {
                    return (null, failure);
                }

                runs.Add(planned);
            }
            else
            {
                var (fromGroup, optionsError) = EvalOptions.FromRecord(entry.Options, $"{Path.Combine(folder, ComparisonManifest.FileName)}: runs[{i}]");
                if (fromGroup is null)
                {
                    return (null, CliFailure.Usage(optionsError!));
                }

                var (prepared, failure) = await session.PrepareAsync(WithOverrides(fromGroup, request), cancellationToken).ConfigureAwait(false);
                if (prepared is null)
                {
                    return (null, failure);
                }

                runs.Add(new PlannedRun(prepared, run, group.StartedAt, false));
            }
        }

        return (new RunPlan(folder, true, runs), null);
    }

    /// <summary>Reads a run folder's run.json into options (with a resume's changeable overrides applied).</summary>
    private static async Task<(RunManifest? Stored, EvalOptions? Options, CliFailure? Failure)> ReadRunAsync(RunDirectory run, EvalRequest request, CancellationToken cancellationToken)
    {
        var (stored, error) = await RunJson.ReadRunManifestAsync(run.RunFile, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            return (null, null, CliFailure.Usage(error!));
        }

        var (options, optionsError) = EvalOptions.FromRecord(stored.Options, run.RunFile);
        return options is null ? (null, null, CliFailure.Usage(optionsError!)) : (stored, WithOverrides(options, request), null);
    }

    private async Task<(PlannedRun? Run, CliFailure? Failure)> PrepareResumedAsync(EvalOptions options, RunDirectory run, RunManifest stored, CancellationToken cancellationToken)
    {
        var (prepared, failure) = await session.PrepareAsync(options, cancellationToken).ConfigureAwait(false);
        if (prepared is null)
        {
            return (null, failure);
        }

        var suite = prepared.Suite;
        if (stored.DataSha256 != suite.DataSha256 || stored.SuiteVersion != suite.Manifest.Version)
        {
            return (null, CliFailure.Usage($"--resume {run.Path}: suite '{suite.Manifest.Id}' changed since the run started (version {stored.SuiteVersion} -> {suite.Manifest.Version}, data sha256 {stored.DataSha256[..Math.Min(12, stored.DataSha256.Length)]}... -> {suite.DataSha256[..12]}...); start a new run"));
        }

        return (new PlannedRun(prepared, run, stored.StartedAt, true), null);
    }

    /// <summary>Concurrency and the data folder do not change results, so a resume may pick new ones.</summary>
    private static EvalOptions WithOverrides(EvalOptions stored, EvalRequest request) => stored with
    {
        Concurrency = request.Concurrency ?? stored.Concurrency,
        DataDir = request.DataDir ?? stored.DataDir,
    };

    /// <summary>An option given explicitly alongside --resume must agree with the run being resumed.</summary>
    private static string? Conflict(EvalRequest request, EvalOptions stored)
    {
        var storedValues = stored.ResultDefiningValues();
        if (request.Runs.Count != 1 && request.Explicit.FirstOrDefault(n => n is "--strategy" or "--suite") is { } listed)
        {
            return $"{listed} lists several runs, which contradicts the run being resumed (started with --suite {stored.Suite} --strategy {stored.Label}); drop it or start a new run";
        }

        var given = request.Runs[0].ResultDefiningValues();
        foreach (var (name, value) in given)
        {
            if (request.Explicit.Contains(name) && value != storedValues[name])
            {
                var was = storedValues[name] is { Length: > 0 } v ? v : "unset";
                return $"{name} {value} contradicts the run being resumed (started with {name} {was}); drop it or start a new run";
            }
        }

        return null;
    }

    private static bool HoldsRun(string folder) =>
        File.Exists(Path.Combine(folder, "samples.jsonl")) || File.Exists(Path.Combine(folder, RunManifest.FileName)) || File.Exists(Path.Combine(folder, ComparisonManifest.FileName));

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A folder-safe form of a suite id or manifest path.</summary>
    public static string SafeName(string suite) =>
        new(Path.GetFileNameWithoutExtension(suite).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
