using System.Globalization;
using Mario.Models;
using Mario.Search;
using Mario.Search.Prompts;
using Mario.Search.Steps;
using Mario.Tool.Cli;
using Mario.Tool.Reporting;
using Mario.Tool.Runs;
using Mario.Tool.Suites;
using Spectre.Console;

namespace Mario.Tool.Running;

/// <summary>
/// Composes runs once and runs them one after another over shared backends: a comparison of strategies (or suites)
/// loads each suite and each model once and starts the sandbox pool once.
/// </summary>
public sealed class EvalSession : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly BackendFactory _backends;
    private readonly SuiteCatalog _catalog = SuiteCatalog.LoadEmbedded();
    private Mario.Sandbox.ForkServerSandbox? _sandbox;

    // A comparison's runs share one policy and value model: hash each checkpoint once per session, not per run
    // (a 7B checkpoint is ~15 GB of reading).
    private readonly Dictionary<ModelSpec, string?> _fingerprints = [];
    private readonly Dictionary<ModelSpec, ILanguageModel> _policies = [];
    private readonly Dictionary<ModelSpec, IValueModel> _valueModels = [];
    private readonly Dictionary<(string Suite, string? DataDir), LoadedSuite> _suites = [];

    /// <summary>Creates a session; backends are created on first use and disposed with it.</summary>
    /// <param name="time">The clock for timings.</param>
    public EvalSession(TimeProvider time)
    {
        _time = time;
        _backends = new BackendFactory(time);
    }

    /// <summary>
    /// Composes one run: loads the suite (each once per session), selects its problems, builds the policy and value
    /// model (each once per session), the strategy, the step format and the checker. With no <c>--value-model</c>, a
    /// policy that carries its own value head scores its own steps (filled into the returned options, which go to
    /// run.json). Nothing is written; a failure comes back with its exit code.
    /// </summary>
    public async Task<(PreparedRun? Run, CliFailure? Failure)> PrepareAsync(EvalOptions options, CancellationToken cancellationToken)
    {
        var (suite, suiteFailure) = await LoadSuiteAsync(options, cancellationToken).ConfigureAwait(false);
        if (suite is null)
        {
            return (null, suiteFailure);
        }

        var (problems, selectError) = options.Selection.Apply(suite);
        if (selectError is not null)
        {
            return (null, CliFailure.Usage(selectError));
        }

        if (!_policies.TryGetValue(options.Model, out var policy))
        {
            var (created, failure) = await _backends.CreatePolicyAsync(options.Model, options.Client, cancellationToken).ConfigureAwait(false);
            if (created is null)
            {
                return (null, failure);
            }

            policy = _policies[options.Model] = created;
        }

        if (options.ValueModel is null && _backends.OwnValueHead(options.Model) is { } own)
        {
            options = options with { ValueModel = own };
        }

        var (strategy, strategyFailure) = BackendFactory.CreateStrategy(options);
        if (strategy is null)
        {
            return (null, strategyFailure);
        }

        IValueModel? valueModel = null;
        if (options.ValueModel is { } valueSpec && !_valueModels.TryGetValue(valueSpec, out valueModel))
        {
            var (created, valueFailure) = _backends.CreateValueModel(valueSpec);
            if (created is null)
            {
                return (null, valueFailure);
            }

            valueModel = _valueModels[valueSpec] = created;
        }

        var (format, formatFailure) = await BackendFactory.CreateStepFormatAsync(options, suite, cancellationToken).ConfigureAwait(false);
        if (format is null)
        {
            return (null, formatFailure);
        }

        return (new PreparedRun(options, suite, problems, strategy, format, policy, valueModel, BackendFactory.CreateChecker(suite.Manifest.Compare)), null);
    }

    /// <summary>Runs (or resumes) one prepared run into its folder and writes its summary.</summary>
    /// <param name="prepared">The run, composed by <see cref="PrepareAsync"/>.</param>
    /// <param name="run">The run folder.</param>
    /// <param name="startedAt">When the run was first started.</param>
    /// <param name="resumed">True when continuing a run whose run.json exists; otherwise a new run.json is written.</param>
    /// <param name="console">Where progress goes.</param>
    /// <param name="cancellationToken">Stops the run; finished problems stay saved.</param>
    /// <returns>The summary as written to summary.json, or a failure with its exit code.</returns>
    public async Task<(RunSummary? Summary, CliFailure? Failure)> RunAsync(
        PreparedRun prepared, RunDirectory run, DateTimeOffset startedAt, bool resumed, IAnsiConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var (options, suite, problems, format, policy) = (prepared.Options, prepared.Suite, prepared.Problems, prepared.Format, prepared.Policy);
        var manifest = suite.Manifest;
        if (BackendFactory.NeedsSandbox(format) && _sandbox is null)
        {
            var (started, sandboxFailure) = await BackendFactory.CreateSandboxAsync(options.UnsafeSandbox, cancellationToken).ConfigureAwait(false);
            if (started is null)
            {
                return (null, sandboxFailure);
            }

            _sandbox = started;
        }

        var sandbox = BackendFactory.NeedsSandbox(format) ? _sandbox : null;
        var client = options.Client ?? PolicyClientSettings.Default;
        var limits = SearchLimits.Default with { MaxStepTokens = options.MaxTokens, TopP = client.TopP, TopK = client.TopK, MinP = client.MinP };
        // The CPU engine decodes many sequences per forward pass: merge the calls of problems searched concurrently.
        await using var batching = options.Model.Kind is ModelSpecKind.Local or ModelSpecKind.Tiny && options.Concurrency > 1
            ? new BatchingLanguageModel(policy, time: _time)
            : null;
        var solver = new SearchSolver(prepared.Strategy, (ILanguageModel?)batching ?? policy, prepared.ValueModel, sandbox, format, prepared.Checker, options.Seed, limits, _time);

        try
        {
            Directory.CreateDirectory(run.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, CliFailure.Usage($"cannot create the run folder {run.Path}: {ex.Message}"));
        }

        // Held until the run ends; the OS releases it even on kill -9, so a stale lock never blocks --resume.
        await using var runLock = run.TryLock();
        if (runLock is null)
        {
            return (null, CliFailure.Usage($"{run.Path} is in use by another mario process (run.lock is held); wait for it or stop it first"));
        }

        var (finished, cut, repairError) = await run.RepairAndReadFinishedAsync(cancellationToken).ConfigureAwait(false);
        if (repairError is not null)
        {
            return (null, CliFailure.Usage(repairError));
        }

        if (!resumed)
        {
            var record = new RunManifest(RunManifest.CurrentSchema, options.ToRecord(), startedAt, new ToolIdentity(ToolInfo.Version, ToolInfo.Commit), manifest.Version, suite.DataSha256);
            await File.WriteAllTextAsync(run.RunFile, RunJson.Serialize(record), RunJson.Utf8, cancellationToken).ConfigureAwait(false);
        }

        var remaining = problems.Count(p => !finished.Contains(p.Id));
        var label = prepared.Label;
        console.MarkupLineInterpolated($"[bold]mario eval[/] {manifest.Id} ({problems.Count} problems{(finished.Count > 0 ? $", {finished.Count} already done" : "")}{(cut > 0 ? $", cut a torn last line of {cut} bytes" : "")}) model {policy.Id} strategy {label} -> {run.Path}");
        // The CPU engine counts tokens; a server's window comes from its probe.
        var window = policy as IContextWindow ?? _backends.ServerContextWindow(options.Model);
        List<string> warnings = window is not null && PromptFit.Check(policy.Id, window, format, problems, finished) is { } fit ? [fit] : [];
        foreach (var warning in warnings)
        {
            console.WriteLine("warning: " + warning);
        }

        var runner = new EvalRunner(solver, prepared.Checker);
        try
        {
            await ProgressDisplay.ShowAsync(console, remaining, _time,
                progress => runner.RunAsync(run, problems, finished, options.Concurrency, progress, cancellationToken)).ConfigureAwait(false);
        }
        catch (BackendUnreachableException ex)
        {
            return (null, new CliFailure(ExitCodes.BackendUnreachable, $"{ex.Message}; finished problems are saved, continue with: dotnet mario eval --resume {run.Path}"));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, new CliFailure(ExitCodes.Failure, $"interrupted; finished problems are saved, continue with: dotnet mario eval --resume {run.Path}"));
        }

        var sandboxSummary = sandbox is null ? "not used" : sandbox.Isolation.Summary + (options.UnsafeSandbox ? " (--unsafe-sandbox)" : "");
        await run.RewriteInOrderAsync(problems.Select(p => p.Id).ToList(), cancellationToken).ConfigureAwait(false);
        var info = new RunInfo(manifest, suite.DataSha256, options, policy.Id, prepared.ValueModel?.Id, solver.Name, StepFormats.Name(format.Kind), sandboxSummary, problems.Count, startedAt, _time.GetUtcNow(), warnings,
            await FingerprintAsync(options.Model, cancellationToken).ConfigureAwait(false),
            options.ValueModel is null ? null : await FingerprintAsync(options.ValueModel, cancellationToken).ConfigureAwait(false),
            Server: _backends.ServerInfo(options.Model),
            PromptType: (format as PromptedStepFormat)?.Type.Name,
            FewShotIds: (format as PromptedStepFormat)?.FewShotIds(problems));
        var summary = await SummaryWriter.BuildAsync(info, run.Samples, cancellationToken).ConfigureAwait(false);
        await SummaryWriter.WriteAsync(run, summary, cancellationToken).ConfigureAwait(false);
        if (SummaryWriter.Diagnosis(summary) is { } diagnosis)
        {
            console.WriteLine($"warning: {label}: {diagnosis}");
        }

        return (summary, null);
    }

    private async Task<(LoadedSuite? Suite, CliFailure? Failure)> LoadSuiteAsync(EvalOptions options, CancellationToken cancellationToken)
    {
        var key = (options.Suite, options.DataDir);
        if (_suites.TryGetValue(key, out var cached))
        {
            return (cached, null);
        }

        var (manifest, manifestDir, suiteError) = await _catalog.ResolveAsync(options.Suite, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return (null, CliFailure.Usage("--suite: " + suiteError));
        }

        var (suite, loadError) = await SuiteLoader.LoadAsync(manifest, manifestDir, DataLocator.FromEnvironment(options.DataDir), cancellationToken).ConfigureAwait(false);
        if (suite is null)
        {
            return (null, CliFailure.Usage(loadError!));
        }

        _suites[key] = suite;
        return (suite, null);
    }

    private async Task<string?> FingerprintAsync(ModelSpec spec, CancellationToken cancellationToken)
    {
        if (!_fingerprints.TryGetValue(spec, out var fingerprint))
        {
            fingerprint = await ModelFingerprint.ComputeAsync(spec, cancellationToken).ConfigureAwait(false);
            _fingerprints[spec] = fingerprint;
        }

        return fingerprint;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync().ConfigureAwait(false);
        }

        _backends.Dispose();
    }
}
