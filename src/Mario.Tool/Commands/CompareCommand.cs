using System.CommandLine;
using Mario.Tool.Cli;
using Mario.Tool.Comparing;
using Mario.Tool.Reporting;
using Mario.Tool.Runs;

namespace Mario.Tool.Commands;

/// <summary>
/// <c>dotnet mario compare RUN_A RUN_B [...]</c>: paired statistics of runs of one suite (docs/compare.md).
/// </summary>
public static class CompareCommand
{
    private static readonly Argument<string[]> Runs = new("runs")
    {
        Description = "Two or more run folders of one suite (each holding summary.json and samples.jsonl); the first is the reference.",
        Arity = new ArgumentArity(2, 64),
    };

    private static readonly Option<ComparisonFormat> Format = new("--format") { Description = "table (default), md or json (one document, docs/compare.md).", DefaultValueFactory = _ => ComparisonFormat.Table };

    private static readonly Option<int> Resamples = new("--resamples", "-B") { Description = "Paired bootstrap resamples B (100..1000000).", DefaultValueFactory = _ => PairedBootstrap.DefaultResamples };

    private static readonly Option<ulong> Seed = new("--seed") { Description = "Seed of the paired bootstrap (the same seed gives the same intervals).", DefaultValueFactory = _ => PairedBootstrap.DefaultSeed };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command(
            "compare",
            """
            Compare runs of one suite problem by problem: each run's accuracy with a 95% Wilson interval and its cost
            per problem; each later run's difference from the first with a paired bootstrap interval and an exact
            McNemar test; the problems won and lost; accuracy by level and subject where the suite has them. Only
            the problems every run finished are compared. Runs of different suites (id, version or data sha256) are
            refused (exit 2).

            Examples:
              dotnet mario compare runs/math500-greedy runs/math500-beam
              dotnet mario compare runs/base runs/new --format md > comparison.md
              dotnet mario compare runs/a runs/b runs/c --format json -B 20000 --seed 1
            """);
        command.Arguments.Add(Runs);
        command.Options.Add(Format);
        command.Options.Add(Resamples);
        command.Options.Add(Seed);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var error = r.InvocationConfiguration.Error;
            var failure = await RunAsync(r, ct).ConfigureAwait(false);
            if (failure is null)
            {
                return ExitCodes.Ok;
            }

            await error.WriteLineAsync("error: " + failure.Message).ConfigureAwait(false);
            return failure.ExitCode;
        });
        return command;
    }

    private static async Task<CliFailure?> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var resamples = parse.GetValue(Resamples);
        if (resamples is < 100 or > 1_000_000)
        {
            return CliFailure.Usage($"--resamples must be between 100 and 1000000, got {resamples} (example: -B 10000)");
        }

        var runs = new List<FinishedRun>();
        foreach (var folder in parse.GetValue(Runs)!)
        {
            var (run, readError) = await FinishedRun.ReadAsync(folder, cancellationToken).ConfigureAwait(false);
            if (run is null)
            {
                return CliFailure.Usage(readError!);
            }

            runs.Add(run);
        }

        var (report, error) = RunComparer.Compare(runs, new BootstrapSettings(resamples, parse.GetValue(Seed), 0.95));
        if (report is null)
        {
            return CliFailure.Usage(error!);
        }

        var unpaired = report.Runs.Where(r => r.Samples > report.Paired).Select(r => $"{r.Label} {r.Samples - report.Paired}").ToList();
        if (unpaired.Count > 0)
        {
            await parse.InvocationConfiguration.Error.WriteLineAsync($"note: problems not in every run are left out ({string.Join(", ", unpaired)})").ConfigureAwait(false);
        }

        await ComparisonOutput.WriteAsync(report, parse.GetValue(Format), parse.InvocationConfiguration.Output, cancellationToken).ConfigureAwait(false);
        return null;
    }
}
