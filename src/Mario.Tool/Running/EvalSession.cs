using System.Globalization;
using Mario.Models;
using Mario.Search;
using Mario.Search.Steps;
using Mario.Tool.Cli;
using Mario.Tool.Reporting;
using Mario.Tool.Runs;
using Mario.Tool.Suites;
using Spectre.Console;

namespace Mario.Tool.Running;

/// <summary>
/// Runs <c>eval</c> runs one after another over shared backends: a comparison of strategies loads the model once and
/// starts the sandbox pool once.
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

    /// <summary>Creates a session; backends are created on first use and disposed with it.</summary>
    /// <param name="time">The clock for timings.</param>
    public EvalSession(TimeProvider time)
    {
        _time = time;
        _backends = new BackendFactory(time);
    }

    /// <summary>
    /// Fills in what the options leave to the backends: with no <c>--value-model</c>, a policy that carries its own
    /// value head scores its own steps. Returns the options to run and store in run.json, or a failure.
    /// </summary>
    public async Task<(EvalOptions? Options, CliFailure? Failure)> ResolveAsync(EvalOptions options, CancellationToken cancellationToken)
    {
        // An unknown suite fails before any folder is written.
        var (manifest, _, suiteError) = await _catalog.ResolveAsync(options.Suite, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return (null, CliFailure.Usage("--suite: " + suiteError));
        }

        var (policy, failure) = await _backends.CreatePolicyAsync(options.Model, cancellationToken).ConfigureAwait(false);
        if (policy is null)
        {
            return (null, failure);
        }

        if (options.ValueModel is null && _backends.OwnValueHead(options.Model) is { } own)
        {
            options = options with { ValueModel = own };
        }

        var (_, strategyFailure) = BackendFactory.CreateStrategy(options);
        if (strategyFailure is not null)
        {
            return (null, strategyFailure);
        }

        // A bad prompt type or few-shot count fails before any folder is written.
        var (_, promptFailure) = await BackendFactory.CreateStepFormatAsync(options, manifest, cancellationToken).ConfigureAwait(false);
        return promptFailure is null ? (options, null) : (null, promptFailure);
    }

    /// <summary>Runs (or resumes) one run into its folder and writes its summary.</summary>
    /// <param name="options">Resolved options (see <see cref="ResolveAsync"/>).</param>
    /// <param name="run">The run folder.</param>
    /// <param name="startedAt">When the run was first started.</param>
    /// <param name="resumed">The stored run file when resuming, else null (a new run.json is written).</param>
    /// <param name="console">Where progress goes.</param>
    /// <param name="cancellationToken">Stops the run; finished problems stay saved.</param>
    /// <returns>The summary as written to summary.json, or a failure with its exit code.</returns>
    public async Task<(Mario.Tool.Runs.RunSummary? Summary, CliFailure? Failure)> RunAsync(
        EvalOptions options, RunDirectory run, DateTimeOffset startedAt, RunFile? resumed, IAnsiConsole console, CancellationToken cancellationToken)
    {
        var (strategy, strategyFailure) = BackendFactory.CreateStrategy(options);
        if (strategy is null)
        {
            return (null, strategyFailure);
        }

        var (manifest, manifestDir, suiteError) = await _catalog.ResolveAsync(options.Suite, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return (null, CliFailure.Usage("--suite: " + suiteError));
        }

        var locator = DataLocator.FromEnvironment(options.DataDir);
        var (suite, loadError) = await SuiteLoader.LoadAsync(manifest, manifestDir, locator, cancellationToken).ConfigureAwait(false);
        if (suite is null)
        {
            return (null, CliFailure.Usage(loadError!));
        }

        if (resumed is not null && (resumed.DataSha256 != suite.DataSha256 || resumed.SuiteVersion != manifest.Version))
        {
            return (null, CliFailure.Usage($"--resume {run.Path}: suite '{manifest.Id}' changed since the run started (version {resumed.SuiteVersion} -> {manifest.Version}, data sha256 {resumed.DataSha256[..12]}... -> {suite.DataSha256[..12]}...); start a new run"));
        }

        var (problems, selectError) = options.Selection.Apply(suite);
        if (selectError is not null)
        {
            return (null, CliFailure.Usage(selectError));
        }

        var (format, formatFailure) = await BackendFactory.CreateStepFormatAsync(options, manifest, cancellationToken).ConfigureAwait(false);
        if (format is null)
        {
            return (null, formatFailure);
        }

        var (policy, backendFailure) = await _backends.CreatePolicyAsync(options.Model, cancellationToken).ConfigureAwait(false);
        if (policy is null)
        {
            return (null, backendFailure);
        }

        IValueModel? valueModel = null;
        if (options.ValueModel is { } valueSpec)
        {
            var (value, valueFailure) = _backends.CreateValueModel(valueSpec);
            if (value is null)
            {
                return (null, valueFailure);
            }

            valueModel = value;
        }

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
        var checker = BackendFactory.CreateChecker(manifest.Compare);
        var limits = SearchLimits.Default with { MaxStepTokens = options.MaxTokens };
        // The CPU engine decodes many sequences per forward pass: merge the calls of problems searched concurrently.
        await using var batching = options.Model.Kind is ModelSpecKind.Local or ModelSpecKind.Tiny && options.Concurrency > 1
            ? new BatchingLanguageModel(policy, time: _time)
            : null;
        var solver = new SearchSolver(strategy, (ILanguageModel?)batching ?? policy, valueModel, sandbox, format, checker, options.Seed, limits, _time);

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

        if (resumed is null)
        {
            await new RunFile(1, options, startedAt, ToolInfo.Version, manifest.Version, suite.DataSha256).WriteAsync(run, cancellationToken).ConfigureAwait(false);
        }

        var remaining = problems.Count(p => !finished.Contains(p.Id));
        var label = StrategySpec.Label(options.Strategy, options.StrategyOptions);
        console.MarkupLineInterpolated($"[bold]mario eval[/] {manifest.Id} ({problems.Count} problems{(finished.Count > 0 ? $", {finished.Count} already done" : "")}{(cut > 0 ? $", cut a torn last line of {cut} bytes" : "")}) model {policy.Id} strategy {label} -> {run.Path}");
        List<string> warnings = policy is IContextWindow window && PromptFit.Check(policy.Id, window, format, problems, finished) is { } fit ? [fit] : [];
        foreach (var warning in warnings)
        {
            console.WriteLine("warning: " + warning);
        }

        var runner = new EvalRunner(solver, checker);
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
        var info = new RunInfo(manifest, suite.DataSha256, options, policy.Id, valueModel?.Id, solver.Name, StepFormats.Name(format.Kind), sandboxSummary, problems.Count, startedAt, _time.GetUtcNow(), warnings,
            await FingerprintAsync(options.Model, cancellationToken).ConfigureAwait(false),
            options.ValueModel is null ? null : await FingerprintAsync(options.ValueModel, cancellationToken).ConfigureAwait(false),
            format.Type.Name, format.FewShotIds(problems));
        var summary = await SummaryWriter.BuildAsync(info, run.Samples, cancellationToken).ConfigureAwait(false);
        await SummaryWriter.WriteAsync(run, summary, cancellationToken).ConfigureAwait(false);
        if (SummaryWriter.Diagnosis(summary) is { } diagnosis)
        {
            console.WriteLine($"warning: {label}: {diagnosis}");
        }

        return (summary, null);
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
