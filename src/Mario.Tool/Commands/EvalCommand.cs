using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Mario.Models;
using Mario.Search;
using Mario.Search.Steps;
using Mario.Tool.Reporting;
using Mario.Tool.Running;
using Mario.Tool.Suites;
using Spectre.Console;

namespace Mario.Tool.Commands;

/// <summary><c>dotnet mario eval</c>: run a suite through a model and strategy, grade, and write a run folder.</summary>
public static class EvalCommand
{
    private static readonly Option<string> SuiteOption = new("--suite", "-s")
    {
        Description = "Suite id (see 'suites list') or path to a manifest .json.",
        DefaultValueFactory = _ => "gsm8k-test-mini",
    };

    private static readonly Option<string> ModelOption = new("--model", "-m")
    {
        Description = "Policy backend: tiny, local:DIR, openai:URL#NAME or scripted:FILE.",
        DefaultValueFactory = _ => "tiny",
    };

    private static readonly Option<string?> ValueModelOption = new("--value-model", "--value")
    {
        Description = "Value model / PRM (tiny, or local:DIR with a value head); required by bon, mcts and rstar-mcts unless -O gold-reward=true; beam ranks by it (without one: generation order, Super_MARIO's sbs_greedy).",
    };

    private static readonly Option<string> StrategyOption = CreateStrategyOption();

    private static readonly Option<int?> SamplesOption = new("--samples", "-k")
    {
        Description = "Shorthand for --option samples=N: k for maj, N for bon, B2 for beam, children per expansion for MCTS.",
    };

    private static readonly Option<string[]> StrategyOptionsOption = new("--option", "-O")
    {
        Description = "A strategy option name=value (repeatable), e.g. -O beam-width=3 -O samples=5; 'Strategy options' above lists every strategy's options and defaults.",
        AllowMultipleArgumentsPerToken = false,
    };

    private static readonly Option<string?> StepFormatOption = new("--step-format")
    {
        Description = "Step format overriding the suite's: tagged (sft), react, rstar or plain (cot).",
    };

    private static readonly Option<bool> UnsafeSandboxOption = new("--unsafe-sandbox")
    {
        Description = "Run model-written code even where isolation is incomplete (recorded in the summary). Not for untrusted models.",
    };

    private static readonly Option<int?> LimitOption = new("--limit", "-n") { Description = "Run at most N problems (applied after --ids and --shard)." };

    private static readonly Option<string[]> IdsOption = new("--ids")
    {
        Description = "Only these problem ids (comma- or space-separated).",
        AllowMultipleArgumentsPerToken = true,
    };

    private static readonly Option<string?> ShardOption = new("--shard") { Description = "Run shard i of n (1-based), e.g. 2/4." };

    private static readonly Option<ulong> SeedOption = new("--seed") { Description = "Run seed; per-problem seeds derive from it and the id.", DefaultValueFactory = _ => 0 };

    private static readonly Option<int> ConcurrencyOption = new("--concurrency", "-j") { Description = "Problems solved at once (1..256).", DefaultValueFactory = _ => 4 };

    private static readonly Option<int> MaxTokensOption = new("--max-tokens") { Description = "Token budget per generated step (1..32768).", DefaultValueFactory = _ => 1024 };

    private static readonly Option<string?> OutputOption = new("--output", "-o") { Description = "Run folder (default runs/<utc-time>-<suite>-<strategy>)." };

    private static readonly Option<string?> ResumeOption = new("--resume") { Description = "Continue the run in this folder: skip finished problems, redo the one in flight." };

    private static readonly Option<string?> DataDirOption = new("--data-dir") { Description = "Folder searched first for suite data files." };

    /// <summary>Creates the command.</summary>
    /// <param name="time">The clock for timings and run-folder names (injected so tests are deterministic).</param>
    public static Command Create(TimeProvider time)
    {
        var command = new Command("eval", """
            Evaluate a model and search strategy on a suite; writes samples.jsonl (one flushed line per problem),
            summary.json and summary.md into a run folder. Exit codes: 0 ok, 1 failure, 2 invalid input,
            3 model backend unreachable, 4 sandbox unavailable.

            Examples:
              dotnet mario eval --suite gsm8k-test-mini --step-format plain --model scripted:eval-suites/demo/gsm8k-mini.scripted.json
              dotnet mario eval -s math500 -m local:models/qwen2.5-0.5b --strategy greedy --limit 50
              dotnet mario eval -s math500 -m local:models/policy --value local:models/policy --strategy beam -O beam-width=3 -O samples=5
              dotnet mario eval -s gsm8k-test -m local:models/policy --strategy maj -k 8 --shard 2/4 --output runs/gsm8k-shard2
              dotnet mario eval --resume runs/20260101T120000Z-gsm8k-test-mini-greedy
            """ + StrategyOptionsHelp());
        foreach (var option in new Option[] { SuiteOption, ModelOption, ValueModelOption, StrategyOption, SamplesOption, StrategyOptionsOption, StepFormatOption, UnsafeSandboxOption, LimitOption, IdsOption, ShardOption, SeedOption, ConcurrencyOption, MaxTokensOption, OutputOption, ResumeOption, DataDirOption })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var failure = await RunAsync(parseResult, output, time, cancellationToken).ConfigureAwait(false);
            if (failure is null)
            {
                return ExitCodes.Ok;
            }

            await error.WriteLineAsync("error: " + failure.Message).ConfigureAwait(false);
            return failure.ExitCode;
        });
        return command;
    }

    private static string StrategyOptionsHelp()
    {
        var text = new System.Text.StringBuilder("\n\nStrategy options (-O name=value; default in brackets):");
        foreach (var kind in Enum.GetValues<StrategyKind>())
        {
            var name = EvalOptions.StrategyName(kind);
            text.Append("\n  ").Append(name).Append(':');
            foreach (var option in Mario.Search.Strategies.StrategyFactory.Describe(name))
            {
                text.Append("\n    ").Append(option.Name).Append(" [").Append(option.Default).Append("]  ").Append(option.Description);
            }
        }

        return text.ToString();
    }

    private static Option<string> CreateStrategyOption()
    {
        var option = new Option<string>("--strategy")
        {
            Description = "Search strategy: greedy, maj, bon, beam, mcts or rstar-mcts (majority and best-of-n are aliases).",
            DefaultValueFactory = _ => "greedy",
        };
        option.AcceptOnlyFromAmong([.. Enum.GetValues<StrategyKind>().Select(EvalOptions.StrategyName), "majority", "best-of-n"]);
        return option;
    }

    private static async Task<CliFailure?> RunAsync(ParseResult parseResult, TextWriter output, TimeProvider time, CancellationToken cancellationToken)
    {
        var (options, failure) = BuildOptions(parseResult);
        if (options is null)
        {
            return failure;
        }

        var resumeDir = parseResult.GetValue(ResumeOption);
        var folder = await OpenRunFolderAsync(parseResult, options, resumeDir, time, cancellationToken).ConfigureAwait(false);
        if (folder.Failure is not null)
        {
            return folder.Failure;
        }

        var (run, startedAt, resumed) = (folder.Run!, folder.StartedAt, folder.Resumed);
        options = folder.Options!;

        var (strategy, strategyFailure) = BackendFactory.CreateStrategy(options);
        if (strategy is null)
        {
            return strategyFailure;
        }

        var catalog = SuiteCatalog.LoadEmbedded();
        var (manifest, manifestDir, suiteError) = await catalog.ResolveAsync(options.Suite, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return CliFailure.Usage("--suite: " + suiteError);
        }

        var locator = DataLocator.FromEnvironment(options.DataDir);
        var (suite, loadError) = await SuiteLoader.LoadAsync(manifest, manifestDir, locator, cancellationToken).ConfigureAwait(false);
        if (suite is null)
        {
            return CliFailure.Usage(loadError!);
        }

        if (resumed is not null && (resumed.DataSha256 != suite.DataSha256 || resumed.SuiteVersion != manifest.Version))
        {
            return CliFailure.Usage($"--resume {run.Path}: suite '{manifest.Id}' changed since the run started (version {resumed.SuiteVersion} -> {manifest.Version}, data sha256 {resumed.DataSha256[..12]}... -> {suite.DataSha256[..12]}...); start a new run");
        }

        var (problems, selectError) = options.Selection.Apply(suite);
        if (selectError is not null)
        {
            return CliFailure.Usage(selectError);
        }

        var (format, formatFailure) = await BackendFactory.CreateStepFormatAsync(options, suite, cancellationToken).ConfigureAwait(false);
        if (format is null)
        {
            return formatFailure;
        }

        using var backends = new BackendFactory(time);
        var (policy, backendFailure) = await backends.CreatePolicyAsync(options.Model, cancellationToken).ConfigureAwait(false);
        if (policy is null)
        {
            return backendFailure;
        }

        IValueModel? valueModel = null;
        if (options.ValueModel is { } valueSpec)
        {
            var (value, valueFailure) = backends.CreateValueModel(valueSpec);
            if (value is null)
            {
                return valueFailure;
            }

            valueModel = value;
        }

        Mario.Sandbox.ForkServerSandbox? sandbox = null;
        if (BackendFactory.NeedsSandbox(format))
        {
            var (started, sandboxFailure) = await BackendFactory.CreateSandboxAsync(options.UnsafeSandbox, cancellationToken).ConfigureAwait(false);
            if (started is null)
            {
                return sandboxFailure;
            }

            sandbox = started;
        }

        await using var sandboxLifetime = sandbox;
        var checker = BackendFactory.CreateChecker(manifest.Compare);
        var limits = SearchLimits.Default with { MaxStepTokens = options.MaxTokens };
        // The CPU engine decodes many sequences per forward pass: merge the calls of problems searched concurrently.
        await using var batching = options.Model.Kind is ModelSpecKind.Local or ModelSpecKind.Tiny && options.Concurrency > 1
            ? new BatchingLanguageModel(policy, time: time)
            : null;
        var solver = new SearchSolver(strategy, (ILanguageModel?)batching ?? policy, valueModel, sandbox, format, checker, options.Seed, limits, time);

        try
        {
            Directory.CreateDirectory(run.Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return CliFailure.Usage($"cannot create the run folder {run.Path}: {ex.Message}");
        }

        // Held until the run ends; the OS releases it even on kill -9, so a stale lock never blocks --resume.
        await using var runLock = run.TryLock();
        if (runLock is null)
        {
            return CliFailure.Usage($"{run.Path} is in use by another mario process (run.lock is held); wait for it or stop it first");
        }

        var (finished, cut, repairError) = await run.RepairAndReadFinishedAsync(cancellationToken).ConfigureAwait(false);
        if (repairError is not null)
        {
            return CliFailure.Usage(repairError);
        }

        if (resumeDir is null)
        {
            await new RunFile(1, options, startedAt, ToolInfo.Version, manifest.Version, suite.DataSha256).WriteAsync(run, cancellationToken).ConfigureAwait(false);
        }

        var console = Terminal.Create(output);
        var remaining = problems.Count(p => !finished.Contains(p.Id));
        console.MarkupLineInterpolated($"[bold]mario eval[/] {manifest.Id} ({problems.Count} problems{(finished.Count > 0 ? $", {finished.Count} already done" : "")}{(cut > 0 ? $", cut a torn last line of {cut} bytes" : "")}) model {policy.Id} strategy {solver.Name} -> {run.Path}");
        var runner = new EvalRunner(solver, checker);
        try
        {
            await RunWithProgressAsync(console, runner, run, problems, finished, options.Concurrency, remaining, cancellationToken).ConfigureAwait(false);
        }
        catch (BackendUnreachableException ex)
        {
            return new CliFailure(ExitCodes.BackendUnreachable, $"{ex.Message}; finished problems are saved, continue with: dotnet mario eval --resume {run.Path}");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new CliFailure(ExitCodes.Failure, $"interrupted; finished problems are saved, continue with: dotnet mario eval --resume {run.Path}");
        }

        var sandboxSummary = sandbox is null ? "not used" : sandbox.Isolation.Summary + (options.UnsafeSandbox ? " (--unsafe-sandbox)" : "");
        await run.RewriteInOrderAsync(problems.Select(p => p.Id).ToList(), cancellationToken).ConfigureAwait(false);
        var info = new RunInfo(manifest, suite.DataSha256, options, policy.Id, valueModel?.Id, solver.Name, StepFormats.Names.First(p => p.Value == format.Kind).Key, sandboxSummary, problems.Count, startedAt, time.GetUtcNow());
        var summary = await SummaryWriter.BuildAsync(info, run.Samples, cancellationToken).ConfigureAwait(false);
        await SummaryWriter.WriteAsync(run, summary, cancellationToken).ConfigureAwait(false);
        PrintSummary(console, summary, run);
        return null;
    }

    /// <summary>The run folder: a new one (refused if it already holds a run) or the one being resumed, with its options.</summary>
    private static async Task<(RunDirectory? Run, DateTimeOffset StartedAt, RunFile? Resumed, EvalOptions? Options, CliFailure? Failure)> OpenRunFolderAsync(
        ParseResult parseResult, EvalOptions options, string? resumeDir, TimeProvider time, CancellationToken cancellationToken)
    {
        var outputDir = parseResult.GetValue(OutputOption);
        if (resumeDir is null)
        {
            var startedAt = time.GetUtcNow();
            var folder = outputDir ?? Path.Combine("runs", $"{startedAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture)}-{SafeName(options.Suite)}-{EvalOptions.StrategyName(options.Strategy)}");
            var fresh = new RunDirectory(Path.GetFullPath(folder));
            return File.Exists(fresh.Samples) || File.Exists(fresh.RunFile)
                ? (null, default, null, null, CliFailure.Usage($"--output {folder} already holds a run; continue it with --resume {folder} or choose another folder"))
                : (fresh, startedAt, null, options, null);
        }

        if (outputDir is not null && Path.GetFullPath(outputDir).TrimEnd('/') != Path.GetFullPath(resumeDir).TrimEnd('/'))
        {
            return (null, default, null, null, CliFailure.Usage($"--output {outputDir} contradicts --resume {resumeDir}: a resumed run writes into its own folder; drop --output"));
        }

        var run = new RunDirectory(Path.GetFullPath(resumeDir));
        var (file, readError) = await RunFile.ReadAsync(run, cancellationToken).ConfigureAwait(false);
        if (file is null)
        {
            return (null, default, null, null, CliFailure.Usage(readError!));
        }

        if (Conflict(parseResult, options, file.Options) is { } conflict)
        {
            return (null, default, null, null, CliFailure.Usage(conflict));
        }

        // Concurrency and the data folder do not change results, so a resume may pick new ones.
        var resumedOptions = file.Options with
        {
            Concurrency = parseResult.GetResult(ConcurrencyOption) is { Implicit: false } ? options.Concurrency : file.Options.Concurrency,
            DataDir = parseResult.GetResult(DataDirOption) is { Implicit: false } ? options.DataDir : file.Options.DataDir,
        };
        return (run, file.StartedAt, file, resumedOptions, null);
    }

    private static async Task RunWithProgressAsync(IAnsiConsole console, EvalRunner runner, RunDirectory run, IReadOnlyList<Mario.Search.Problem> problems,
        IReadOnlySet<string> finished, int concurrency, int remaining, CancellationToken cancellationToken)
    {
        if (console.Profile.Capabilities.Interactive)
        {
            await console.Progress().AutoClear(false).StartAsync(async context =>
            {
                var task = context.AddTask("solving", maxValue: Math.Max(1, remaining));
                await runner.RunAsync(run, problems, finished, concurrency, p =>
                {
                    task.Value = p.Done;
                    task.Description = $"solving ({p.Correct} correct, {p.Errors} errors)";
                }, cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
            return;
        }

        // Not a terminal: a plain line about every 10% so logs show the run is alive.
        var step = Math.Max(1, remaining / 10);
        var gate = new object();
        await runner.RunAsync(run, problems, finished, concurrency, p =>
        {
            if (p.Done % step == 0 || p.Done == p.Total)
            {
                lock (gate)
                {
                    console.WriteLine($"[{p.Done}/{p.Total}] {p.Correct} correct, {p.Errors} errors");
                }
            }
        }, cancellationToken).ConfigureAwait(false);
    }

    private static void PrintSummary(IAnsiConsole console, System.Text.Json.Nodes.JsonObject summary, RunDirectory run)
    {
        // Super_MARIO's README columns (accuracy, seconds per question, steps, solutions) plus tokens and calls.
        var metrics = summary["metrics"]!;
        var usage = summary["usage"]!;
        var n = Math.Max(1, (int)Number(metrics["n"]!));
        var strategy = summary["strategy"]!.ToString();
        var accuracyLabel = strategy == "maj" ? "maj@k" : "accuracy";
        // Summary numbers are ints or doubles depending on the field; read them uniformly.
        static double Number(System.Text.Json.Nodes.JsonNode node) => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);
        string PerQuestion(string key) => (Number(usage[key]!) / n).ToString("0.0", CultureInfo.InvariantCulture);
        // Per-question columns (q): seconds, steps, complete solutions, prompt and generated tokens, model calls, code runs.
        var table = new Table().AddColumns("suite", "model", "strategy", "n", accuracyLabel, "no ans", "errors",
            "s/q", "steps/q", "sol/q", "prompt/q", "gen/q", "calls/q", "code/q");
        table.AddRow(
            Markup.Escape(summary["suite"]!["id"]!.ToString()),
            Markup.Escape(summary["model"]!.ToString()),
            Markup.Escape(strategy),
            metrics["n"]!.ToString(),
            $"{Number(metrics["accuracy"]!).ToString("P1", CultureInfo.InvariantCulture)} ({metrics["correct"]})",
            metrics["noAnswer"]!.ToString(),
            metrics["errors"]!.ToString(),
            (Number(usage["meanElapsedMs"]!) / 1000).ToString("0.00", CultureInfo.InvariantCulture),
            PerQuestion("steps"),
            PerQuestion("solutions"),
            PerQuestion("promptTokens"),
            PerQuestion("generatedTokens"),
            PerQuestion("modelCalls"),
            PerQuestion("sandboxRuns"));
        console.Write(table);
        console.MarkupLineInterpolated($"run folder: {run.Path}");
    }

    private static (EvalOptions? Options, CliFailure? Failure) BuildOptions(ParseResult parseResult)
    {
        if (!ModelSpec.TryParse(parseResult.GetValue(ModelOption), out var model, out var modelError))
        {
            return (null, CliFailure.Usage("--model: " + modelError));
        }

        ModelSpec? valueModel = null;
        if (parseResult.GetValue(ValueModelOption) is { } valueText)
        {
            if (!ModelSpec.TryParse(valueText, out var parsed, out var valueError))
            {
                return (null, CliFailure.Usage("--value-model: " + valueError));
            }

            valueModel = parsed;
        }

        var strategy = EvalOptions.ParseStrategy(parseResult.GetValue(StrategyOption)!)!.Value;
        var strategyOptions = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in parseResult.GetValue(StrategyOptionsOption) ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == pair.Length - 1)
            {
                return (null, CliFailure.Usage($"--option {pair}: expected name=value, e.g. --option samples=8"));
            }

            strategyOptions[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }

        if (parseResult.GetValue(SamplesOption) is { } samples)
        {
            if (strategyOptions.TryGetValue("samples", out var given) && given != samples.ToString(CultureInfo.InvariantCulture))
            {
                return (null, CliFailure.Usage($"--samples {samples} contradicts --option samples={given}; give one of them"));
            }

            strategyOptions["samples"] = samples.ToString(CultureInfo.InvariantCulture);
        }
        ShardSpec? shard = null;
        if (parseResult.GetValue(ShardOption) is { } shardText)
        {
            var (parsedShard, shardError) = ShardSpec.Parse(shardText);
            if (parsedShard is null)
            {
                return (null, CliFailure.Usage(shardError!));
            }

            shard = parsedShard;
        }

        var ids = (parseResult.GetValue(IdsOption) ?? [])
            .SelectMany(t => t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToList();
        // Paths are stored absolute in run.json so --resume works from any folder.
        if (model.Kind is ModelSpecKind.Local or ModelSpecKind.Scripted)
        {
            model = model with { Location = Path.GetFullPath(model.Location) };
        }

        var suiteArgument = parseResult.GetValue(SuiteOption)!;
        if (suiteArgument.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
        {
            suiteArgument = Path.GetFullPath(suiteArgument);
        }

        var dataDir = parseResult.GetValue(DataDirOption) is { } dir ? Path.GetFullPath(dir) : null;
        var options = new EvalOptions(
            suiteArgument,
            model,
            valueModel,
            strategy,
            strategyOptions,
            parseResult.GetValue(StepFormatOption),
            new ProblemSelection(ids.Count > 0 ? ids : null, shard, parseResult.GetValue(LimitOption)),
            parseResult.GetValue(SeedOption),
            parseResult.GetValue(ConcurrencyOption),
            parseResult.GetValue(MaxTokensOption),
            dataDir,
            parseResult.GetValue(UnsafeSandboxOption));
        return options.Validate() is { } invalid ? (null, CliFailure.Usage(invalid)) : (options, null);
    }

    /// <summary>An option given explicitly alongside --resume must agree with the run being resumed.</summary>
    private static string? Conflict(ParseResult parseResult, EvalOptions given, EvalOptions stored)
    {
        var checks = new (Option Option, Func<EvalOptions, string> Value)[]
        {
            (SuiteOption, o => o.Suite),
            (ModelOption, o => o.Model.ToString()),
            (ValueModelOption, o => o.ValueModel?.ToString() ?? ""),
            (StrategyOption, o => EvalOptions.StrategyName(o.Strategy)),
            (SamplesOption, o => o.StrategyOptions.TryGetValue("samples", out var k) ? k : ""),
            (StrategyOptionsOption, o => o.StrategyOptionsText),
            (StepFormatOption, o => o.StepFormat ?? ""),
            (LimitOption, o => o.Selection.Limit?.ToString(CultureInfo.InvariantCulture) ?? ""),
            (IdsOption, o => string.Join(",", (o.Selection.Ids ?? []).Order(StringComparer.Ordinal))),
            (ShardOption, o => o.Selection.Shard?.ToString() ?? ""),
            (SeedOption, o => o.Seed.ToString(CultureInfo.InvariantCulture)),
            (MaxTokensOption, o => o.MaxTokens.ToString(CultureInfo.InvariantCulture)),
        };
        foreach (var (option, value) in checks)
        {
            if (parseResult.GetResult(option) is { Implicit: false } && value(given) != value(stored))
            {
                return $"{option.Name} {value(given)} contradicts the run being resumed (started with {option.Name} {(value(stored) is { Length: > 0 } v ? v : "unset")}); drop it or start a new run";
            }
        }

        return null;
    }

    private static string SafeName(string suite) =>
        new(Path.GetFileNameWithoutExtension(suite).Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_').ToArray());
}
