using System.CommandLine;
using Mario.Tool.Cli;
using Mario.Tool.Reporting;
using Mario.Tool.Running;

namespace Mario.Tool.Commands;

/// <summary><c>dotnet mario merge SHARD_DIR... -o RUN</c>: join the run folders of one sharded run into one run folder.</summary>
public static class MergeCommand
{
    private static readonly Argument<string[]> Shards = new("shard-dir")
    {
        Description = "The run folders of 'dotnet mario eval --shard i/n', one per shard, in any order.",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string> Output = new("--output", "-o") { Description = "The merged run folder (new).", Required = true };

    private static readonly Option<string?> DataDir = new("--data-dir") { Description = "Folder searched first for the suite data, to check that the shards cover every problem (default: the shards' --data-dir)." };

    private static readonly Option<OutputFormat> Format = new("--format")
    {
        Description = "table (default) or json (eval's document: the merged run's label, folder and summary.json).",
        DefaultValueFactory = _ => OutputFormat.Table,
    };

    /// <summary>Creates the command.</summary>
    public static Command Create()
    {
        var command = new Command("merge", """
            Merge the run folders of one run sharded with 'eval --shard i/n' into one run folder: samples.jsonl in
            suite order, run.json and a summary equal to the unsharded run's with the same seed (timings aside).
            The shards must share every option but --shard (suite and data sha256, model and checkpoint sha256,
            strategy and its options, seed, step format, tool version) and together hold every problem of the
            selection exactly once; otherwise one 'error:' line names what differs and the exit code is 2.

            Examples:
              dotnet mario merge runs/shard1 runs/shard2 runs/shard3 -o runs/gsm8k-maj8
              dotnet mario merge runs/gsm8k-shard* -o runs/gsm8k --data-dir data/suites --format json
            """);
        command.Arguments.Add(Shards);
        command.Options.Add(Output);
        command.Options.Add(DataDir);
        command.Options.Add(Format);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var output = parseResult.InvocationConfiguration.Output;
            var error = parseResult.InvocationConfiguration.Error;
            var folder = parseResult.GetValue(Output)!;
            var shards = parseResult.GetValue(Shards) ?? [];
            var (summary, options, failure) = await ShardMerger.MergeAsync(shards, folder, parseResult.GetValue(DataDir), cancellationToken).ConfigureAwait(false);
            if (failure is not null)
            {
                await error.WriteLineAsync("error: " + failure.Message).ConfigureAwait(false);
                return failure.ExitCode;
            }

            await error.WriteLineAsync($"mario merge: {shards.Length} shards of {summary!.Suite.Id} ({summary.Metrics.N} problems) -> {folder}").ConfigureAwait(false);
            var results = new ResultsOutput(Terminal.Create(output), output, parseResult.GetValue(Format));
            await results.WriteAsync([(StrategySpec.Label(options!.Strategy, options.StrategyOptions), Path.GetFullPath(folder), summary)], Path.GetFullPath(folder), cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }
}
