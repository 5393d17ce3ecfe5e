using System.CommandLine;
using Mario.Tool.Cli;
using Mario.Tool.Comparing;
using Mario.Tool.Runs;

namespace Mario.Tool.Commands;

/// <summary>
/// <c>dotnet mario gate</c>: the checkpoint regression gate (exit 5 when a candidate run is worse than a baseline
/// beyond the margin with statistical support; rule in <see cref="GateRule"/>), and the writing of baseline files.
/// </summary>
public static class GateCommand
{
    private static readonly Option<string?> Baseline = new("--baseline") { Description = "A baseline file (written by --write-baseline) or a run folder." };

    private static readonly Option<string?> Candidate = new("--candidate") { Description = "The run folder to gate." };

    private static readonly Option<double> MaxDrop = new("--max-drop") { Description = "The drop in accuracy tolerated, in percentage points (0..100).", DefaultValueFactory = _ => 0 };

    private static readonly Option<double> Alpha = new("--alpha") { Description = "One-sided significance level of the bootstrap bound and the McNemar test (0 < alpha <= 0.5).", DefaultValueFactory = _ => 0.05 };

    private static readonly Option<int> Resamples = new("--resamples", "-B") { Description = "Paired bootstrap resamples B (100..1000000).", DefaultValueFactory = _ => PairedBootstrap.DefaultResamples };

    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of the paired bootstrap.", DefaultValueFactory = _ => PairedBootstrap.DefaultSeed };

    private static readonly Option<string?> WriteBaseline = new("--write-baseline") { Description = "Write the baseline file of this run folder to --output instead of gating." };

    private static readonly Option<string?> Output = new("--output", "-o") { Description = "The baseline file --write-baseline writes." };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command(
            "gate",
            """
            Gate a candidate run against a baseline: exit 5 when the candidate is worse by more than --max-drop
            points with statistical support, else exit 0; one line says why, with the numbers. The gate fails only
            when both the one-sided (1 - alpha) paired bootstrap upper bound of the accuracy change is below
            -max-drop and the exact one-sided McNemar test on the discordant problems is significant at alpha
            (docs/ci.md). The candidate must cover the baseline's problems and have run the same suite data,
            strategy, strategy options, step format and --max-tokens (else exit 2); the model may differ.

            Examples:
              dotnet mario gate --write-baseline runs/release-1.2 -o models/baselines/policy.math500.greedy.json
              dotnet mario gate --baseline models/baselines/policy.math500.greedy.json --candidate runs/new
              dotnet mario gate --baseline runs/main --candidate runs/branch --max-drop 1 --alpha 0.05
            """);
        foreach (var option in new Option[] { Baseline, Candidate, MaxDrop, Alpha, Resamples, Seed, WriteBaseline, Output })
        {
            command.Options.Add(option);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var (exit, line) = await RunAsync(r, ct).ConfigureAwait(false);
            if (exit is ExitCodes.Ok or ExitCodes.GateFailed)
            {
                await r.InvocationConfiguration.Output.WriteLineAsync(line).ConfigureAwait(false);
            }
            else
            {
                await r.InvocationConfiguration.Error.WriteLineAsync("error: " + line).ConfigureAwait(false);
            }

            return exit;
        });
        return command;
    }

    private static async Task<(int Exit, string Line)> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        if (parse.GetValue(WriteBaseline) is { } source)
        {
            return await WriteAsync(parse, source, cancellationToken).ConfigureAwait(false);
        }

        if (parse.GetValue(Baseline) is not { } baselinePath || parse.GetValue(Candidate) is not { } candidatePath)
        {
            return (ExitCodes.Usage, "gate needs --baseline FILE|RUN and --candidate RUN, or --write-baseline RUN -o FILE (see 'dotnet mario gate --help')");
        }

        if (parse.GetValue(Output) is not null)
        {
            return (ExitCodes.Usage, "--output is for --write-baseline; a gate writes nothing");
        }

        var settings = new GateSettings(parse.GetValue(MaxDrop), parse.GetValue(Alpha), parse.GetValue(Resamples), parse.GetValue(Seed));
        if (settings.Problem() is { } invalid)
        {
            return (ExitCodes.Usage, invalid);
        }

        var (baseline, baselineError) = await ReadBaselineAsync(baselinePath, cancellationToken).ConfigureAwait(false);
        if (baseline is null)
        {
            return (ExitCodes.Usage, baselineError!);
        }

        var (candidate, candidateError) = await FinishedRun.ReadAsync(candidatePath, cancellationToken).ConfigureAwait(false);
        if (candidate is null)
        {
            return (ExitCodes.Usage, candidateError!);
        }

        if (baseline.Mismatch(candidate.Summary) is { } mismatch)
        {
            return (ExitCodes.Usage, $"{mismatch} ({baselinePath} against {candidatePath})");
        }

        var verdicts = candidate.Samples.ToDictionary(s => s.Id, s => s.Correct, StringComparer.Ordinal);
        var missing = baseline.Problems.Where(p => !verdicts.ContainsKey(p.Id)).ToList();
        if (missing.Count > 0)
        {
            return (ExitCodes.Usage, $"{candidatePath} lacks {missing.Count} of the baseline's {baseline.N} problems (first: {missing[0].Id}); run the candidate on the baseline's problems (the same --limit, --ids or --shard, finished)");
        }

        var decision = GateRule.Decide(baseline.Problems.Select(p => p.Correct).ToList(), baseline.Problems.Select(p => verdicts[p.Id]).ToList(), settings);
        return (decision.Passed ? ExitCodes.Ok : ExitCodes.GateFailed, decision.Line());
    }

    private static async Task<(int Exit, string Line)> WriteAsync(ParseResult parse, string source, CancellationToken cancellationToken)
    {
        if (parse.GetValue(Baseline) is not null || parse.GetValue(Candidate) is not null)
        {
            return (ExitCodes.Usage, "--write-baseline writes a baseline file; it takes no --baseline or --candidate");
        }

        if (parse.GetValue(Output) is not { } output)
        {
            return (ExitCodes.Usage, "--write-baseline needs --output FILE (example: -o models/baselines/policy.gsm8k.greedy.json)");
        }

        var (run, error) = await FinishedRun.ReadAsync(source, cancellationToken).ConfigureAwait(false);
        if (run is null)
        {
            return (ExitCodes.Usage, error!);
        }

        if (run.Samples.Count == 0)
        {
            return (ExitCodes.Usage, $"{source}: the run has no finished problem to make a baseline of");
        }

        var baseline = GateBaseline.Of(run);
        if (Path.GetDirectoryName(Path.GetFullPath(output)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(output, RunJson.Serialize(baseline), RunJson.Utf8, cancellationToken).ConfigureAwait(false);
        return (ExitCodes.Ok, string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"wrote {output}: {baseline.Suite.Id}, {baseline.Solver}, model {baseline.Model}, {baseline.Correct}/{baseline.N} correct"));
    }

    private static async Task<(GateBaseline? Baseline, string? Error)> ReadBaselineAsync(string path, CancellationToken cancellationToken)
    {
        if (Directory.Exists(path))
        {
            var (run, error) = await FinishedRun.ReadAsync(path, cancellationToken).ConfigureAwait(false);
            return run is null ? (null, error) : run.Samples.Count == 0 ? (null, $"{path}: the baseline run has no finished problem") : (GateBaseline.Of(run), null);
        }

        if (!File.Exists(path))
        {
            return (null, $"{path}: no such baseline file or run folder");
        }

        var (baseline, parseError) = RunJson.ParseBaseline(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
        return baseline is null ? (null, $"{path}: {parseError}") : (baseline, null);
    }
}
