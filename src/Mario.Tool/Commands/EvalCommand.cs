using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using Mario.Models;
using Mario.Search;
using Mario.Search.Steps;
using Mario.Search.Strategies;
using Mario.Tool.Cli;
using Mario.Tool.Reporting;
using Mario.Tool.Running;
using Mario.Tool.Runs;
using Mario.Tool.Suites;
using Spectre.Console;

namespace Mario.Tool.Commands;

/// <summary><c>dotnet mario eval</c>: run a suite through a model and strategy, grade, and write a run folder.</summary>
public static class EvalCommand
{
    private static readonly Option<string?> SuiteOption = new("--suite", "-s")
    {
        Description = "Suite id (see 'suites list') or path to a manifest .json; a comma-separated list runs each suite (one run folder and summary per suite and strategy, one combined table). Default: synth-find-mini with --model tiny, else gsm8k-test-mini.",
    };

    private static readonly Option<string> ModelOption = new("--model", "-m")
    {
        Description = "Policy backend: tiny, local:DIR, openai:URL#NAME or scripted:FILE.",
        DefaultValueFactory = _ => "tiny",
    };

    private static readonly Option<string?> ValueModelOption = new("--value-model", "--value")
    {
        Description = "Value model / PRM (tiny, local:DIR with a value head, or scripted:FILE: values per step text or path, for conformance work); required by bon, mcts and rstar-mcts unless -O gold-reward=true; beam ranks by it (without one: generation order, Super_MARIO's sbs_greedy). Default: the policy's own value head when its checkpoint has one (AlphaMath's shared trunk), else none.",
    };

    private static readonly Option<string?> StrategyOption = new("--strategy")
    {
        Description = "Search strategy, or a comma-separated list to compare in one table: greedy, maj@K, bon@N, beam(B1,B2), mcts, rstar-mcts (maj, bon and beam alone take -k / -O). Default: " + StrategySpec.DefaultComparison + " with --model tiny, else greedy.",
    };

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

    private static readonly Option<int> ConcurrencyOption = new("--concurrency", "-j") { Description = "Problems solved at once (1..256); the CPU engine decodes their steps in one batch.", DefaultValueFactory = _ => 16 };

    private static readonly Option<int> MaxTokensOption = new("--max-tokens") { Description = "Token budget per generated step (1..32768).", DefaultValueFactory = _ => 1024 };

    private static readonly Option<string?> OutputOption = new("--output", "-o") { Description = "Run folder (default runs/<utc-time>-<suite>-<strategy>); a comparison writes one sub-folder per strategy and comparison.json." };

    private static readonly Option<string?> ResumeOption = new("--resume") { Description = "Continue the run (or comparison) in this folder: skip finished problems, redo the one in flight." };

    private static readonly Option<string?> DataDirOption = new("--data-dir") { Description = "Folder searched first for suite data files." };

    private static readonly Option<OutputFormat> FormatOption = new("--format")
    {
        Description = "How the results go to standard output: table (default) or json (one object: each run's label, folder and summary.json). Progress and warnings go to standard error either way.",
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    /// <summary>Creates the command.</summary>
    /// <param name="time">The clock for timings and run-folder names (injected so tests are deterministic).</param>
    public static Command Create(TimeProvider time)
    {
        var command = new Command("eval", """
            Evaluate a model and search strategy on a suite; writes samples.jsonl (one flushed line per problem),
            summary.json and summary.md into a run folder. Exit codes: 0 ok, 1 failure, 2 invalid input,
            3 model backend unreachable, 4 sandbox unavailable. With no options it runs the embedded model's
            comparison (greedy, maj@5, beam(1,5), beam(3,5), MCTS) on synth-find-mini, under a minute on 2 cores.

            Examples:
              dotnet mario eval
              dotnet mario eval --suite synth-find --strategy "greedy,maj@5,beam(3,5)"
              dotnet mario eval --suite gsm8k-test-mini --step-format plain --model scripted:eval-suites/demo/gsm8k-mini.scripted.json
              dotnet mario eval -s math500 -m local:models/qwen2.5-0.5b --strategy greedy --limit 50
              dotnet mario eval -s math500 -m local:models/policy --value local:models/policy --strategy beam -O beam-width=3 -O samples=5
              dotnet mario eval -s gsm8k-test -m local:models/policy --strategy maj -k 8 --shard 2/4 --output runs/gsm8k-shard2
              dotnet mario eval --suite gsm8k-test-mini,math500-mini --model scripted:eval-suites/demo/gsm8k-mini.scripted.json --step-format plain
              dotnet mario eval --resume runs/20260101T120000Z-gsm8k-test-mini-greedy
            """ + StrategyOptionsHelp());
        foreach (var option in new Option[] { SuiteOption, ModelOption, ValueModelOption, StrategyOption, SamplesOption, StrategyOptionsOption, StepFormatOption, UnsafeSandboxOption, LimitOption, IdsOption, ShardOption, SeedOption, ConcurrencyOption, MaxTokensOption, OutputOption, ResumeOption, DataDirOption, FormatOption })
        {
            command.Options.Add(option);
        }

        // Sampling fields and model-server options (Commands/ServerCliOptions.cs).
        ServerCliOptions.AddTo(command);

        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var failure = await RunAsync(parseResult, output, error, time, cancellationToken).ConfigureAwait(false);
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
            text.Append("\n  ").Append(StrategyNames.Name(kind)).Append(':');
            foreach (var option in StrategyFactory.Describe(kind))
            {
                text.Append("\n    ").Append(option.Name).Append(" [").Append(option.Default).Append("]  ").Append(option.Description);
            }
        }

        return text.ToString();
    }

    private static async Task<CliFailure?> RunAsync(ParseResult parseResult, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        var (request, failure) = BuildRequest(parseResult);
        if (request is null)
        {
            return failure;
        }

        // Results (the table or JSON) on standard output; progress and warnings on standard error.
        var results = new ResultsOutput(Terminal.Create(output), output, parseResult.GetValue(FormatOption));
        var console = Terminal.CreateError(error);
        await using var session = new EvalSession(time);
        var (plan, planFailure) = await new RunPlanner(session, time).PlanAsync(request, cancellationToken).ConfigureAwait(false);
        if (plan is null)
        {
            return planFailure;
        }

        var rows = new List<(string Label, string Folder, RunSummary Summary)>();
        foreach (var run in plan.Runs)
        {
            var (summary, runFailure) = await session.RunAsync(run.Prepared, run.Directory, run.StartedAt, run.Resumed, console, cancellationToken).ConfigureAwait(false);
            if (summary is null)
            {
                // A group resumes as a whole: point at its folder, not the sub-folder.
                return plan.Grouped && runFailure!.ExitCode is ExitCodes.Failure or ExitCodes.BackendUnreachable
                    ? runFailure with { Message = runFailure.Message.Replace($"--resume {run.Directory.Path}", $"--resume {plan.Folder}", StringComparison.Ordinal) }
                    : runFailure;
            }

            rows.Add((run.Label, run.Directory.Path, summary));
        }

        if (plan.Grouped)
        {
            var suites = rows.Select(r => r.Summary.Suite.Id).Distinct(StringComparer.Ordinal).ToList();
            var markdown = $"# mario eval: {string.Join(", ", suites)} ({rows.Count} runs)\n\n{ResultTable.Markdown(rows.Select(r => (r.Label, r.Summary)).ToList())}\n"
                + $"Each run's folder: {string.Join(", ", rows.Select(r => Path.GetFileName(r.Folder)))}.\n";
            await File.WriteAllTextAsync(Path.Combine(plan.Folder, "summary.md"), markdown, RunJson.Utf8, cancellationToken).ConfigureAwait(false);
        }

        await results.WriteAsync(rows, plan.Folder, cancellationToken).ConfigureAwait(false);
        return null;
    }

    /// <summary>Parses and validates the command line into a request: every run's options, checked once, here.</summary>
    private static (EvalRequest? Request, CliFailure? Failure) BuildRequest(ParseResult parseResult)
    {
        var (runs, failure) = BuildOptions(parseResult);
        if (runs is null)
        {
            return (null, failure);
        }

        var explicitOptions = new Option[] { SuiteOption, ModelOption, ValueModelOption, StrategyOption, SamplesOption, StrategyOptionsOption, StepFormatOption, LimitOption, IdsOption, ShardOption, SeedOption, MaxTokensOption, OutputOption, ConcurrencyOption, DataDirOption, UnsafeSandboxOption }
            .Where(o => parseResult.GetResult(o) is { Implicit: false })
            .Select(o => o.Name)
            .ToHashSet(StringComparer.Ordinal);
        var concurrency = explicitOptions.Contains(ConcurrencyOption.Name) ? parseResult.GetValue(ConcurrencyOption) : (int?)null;
        var dataDir = explicitOptions.Contains(DataDirOption.Name) ? Path.GetFullPath(parseResult.GetValue(DataDirOption)!) : null;
        return (new EvalRequest(runs, parseResult.GetValue(OutputOption), parseResult.GetValue(ResumeOption), explicitOptions, concurrency, dataDir), null);
    }

    private static (IReadOnlyList<EvalOptions>? Runs, CliFailure? Failure) BuildOptions(ParseResult parseResult)
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

        var (specs, specError) = StrategySpec.ParseList(parseResult.GetValue(StrategyOption) ?? DefaultStrategy(model));
        if (specs is null)
        {
            return (null, CliFailure.Usage(specError!));
        }

        var given = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in parseResult.GetValue(StrategyOptionsOption) ?? [])
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == pair.Length - 1)
            {
                return (null, CliFailure.Usage($"--option {pair}: expected name=value, e.g. --option samples=8"));
            }

            given[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
        }

        if (parseResult.GetValue(SamplesOption) is { } samples)
        {
            if (given.TryGetValue("samples", out var k) && k != samples.ToString(CultureInfo.InvariantCulture))
            {
                return (null, CliFailure.Usage($"--samples {samples} contradicts --option samples={k}; give one of them"));
            }

            given["samples"] = samples.ToString(CultureInfo.InvariantCulture);
        }

        // --temperature is the strategy option temperature (Commands/ServerCliOptions.cs).
        if (ServerCliOptions.ApplyTemperature(parseResult, given) is { } temperatureError)
        {
            return (null, CliFailure.Usage(temperatureError));
        }

        var (perStrategy, optionError) = MergeStrategyOptions(specs, given);
        if (perStrategy is null)
        {
            return (null, CliFailure.Usage(optionError!));
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

        if (valueModel is { Kind: ModelSpecKind.Local })
        {
            valueModel = valueModel with { Location = Path.GetFullPath(valueModel.Location) };
        }

        // Several suites run one after another, each with every strategy; manifests are stored by absolute path.
        var suites = (parseResult.GetValue(SuiteOption) ?? DefaultSuite(model))
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => s.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? Path.GetFullPath(s) : s)
            .ToList();
        if (suites.Count == 0 || suites.Distinct(StringComparer.Ordinal).Count() != suites.Count)
        {
            return (null, CliFailure.Usage($"--suite {parseResult.GetValue(SuiteOption)}: expected one or more distinct suite ids, e.g. --suite gsm8k-test-mini,math500-mini"));
        }

        StepFormatKind? stepFormat = null;
        if (parseResult.GetValue(StepFormatOption) is { } formatName)
        {
            var (parsedFormat, formatError) = StepFormats.Parse(formatName);
            if (parsedFormat is null)
            {
                return (null, CliFailure.Usage($"--step-format {formatName}: {formatError!.Message}"));
            }

            stepFormat = parsedFormat;
        }

        var dataDir = parseResult.GetValue(DataDirOption) is { } dir ? Path.GetFullPath(dir) : null;
        var runs = new List<EvalOptions>();
        foreach (var (suite, i) in suites.SelectMany(suite => Enumerable.Range(0, specs.Count).Select(i => (suite, i))))
        {
            var options = new EvalOptions(
                suite,
                model,
                valueModel,
                specs[i].Kind,
                perStrategy[i],
                stepFormat,
                new ProblemSelection(ids.Count > 0 ? ids : null, shard, parseResult.GetValue(LimitOption)),
                parseResult.GetValue(SeedOption),
                parseResult.GetValue(ConcurrencyOption),
                parseResult.GetValue(MaxTokensOption),
                dataDir,
                parseResult.GetValue(UnsafeSandboxOption),
                ServerCliOptions.Bind(parseResult));
            if (options.Validate() is { } invalid)
            {
                return (null, CliFailure.Usage(invalid));
            }

            runs.Add(options);
        }

        return (runs, null);
    }

    /// <summary>The embedded model shows its comparison on its own suite; any other model runs greedy decoding.</summary>
    private static string DefaultStrategy(ModelSpec model) => model.Kind == ModelSpecKind.Tiny ? StrategySpec.DefaultComparison : "greedy";

    private static string DefaultSuite(ModelSpec model) => model.Kind == ModelSpecKind.Tiny ? "synth-find-mini" : "gsm8k-test-mini";

    /// <summary>
    /// Each strategy's options: those its short form sets, plus the -O options. With one strategy every -O option goes
    /// to it (its factory rejects unknown ones); with several, each takes the options it knows, and an option none of
    /// them knows is an error.
    /// </summary>
    private static (IReadOnlyList<SortedDictionary<string, string>>? Options, string? Error) MergeStrategyOptions(
        IReadOnlyList<StrategySpec> specs, IReadOnlyDictionary<string, string> given)
    {
        var result = new List<SortedDictionary<string, string>>();
        var used = new HashSet<string>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var known = StrategyFactory.Describe(spec.Kind).Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
            var options = new SortedDictionary<string, string>(spec.Options.ToDictionary(), StringComparer.Ordinal);
            foreach (var (key, value) in given)
            {
                if (specs.Count > 1 && !known.Contains(key))
                {
                    continue;
                }

                if (options.TryGetValue(key, out var own) && own != value)
                {
                    return (null, $"--option {key}={value} contradicts --strategy {StrategySpec.Label(spec.Kind, spec.Options)} (which sets {key}={own}); give one of them");
                }

                options[key] = value;
                used.Add(key);
            }

            result.Add(options);
        }

        var unknown = given.Keys.FirstOrDefault(k => !used.Contains(k));
        return unknown is null
            ? (result, null)
            : (null, $"--option {unknown}: none of the strategies {string.Join(", ", specs.Select(s => StrategySpec.Label(s.Kind, s.Options)))} has it; see 'Strategy options' in --help");
    }
}
