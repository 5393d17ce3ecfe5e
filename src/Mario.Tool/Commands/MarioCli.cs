using System.CommandLine;
using System.CommandLine.Invocation;
using Mario.Tool.Cli;

namespace Mario.Tool.Commands;

/// <summary>The root command with every sub-command; the single place commands are registered.</summary>
public static class MarioCli
{
    /// <summary>Builds the root command.</summary>
    /// <param name="time">The clock for run timings; the system clock unless a test injects one.</param>
    public static RootCommand Build(TimeProvider? time = null)
    {
        var root = new RootCommand(
            """
            mario: measure and improve how well language models solve math problems with test-time search.

            Exit codes: 0 ok, 1 failure (for check: not equivalent), 2 usage or invalid input,
            3 model backend unreachable, 4 sandbox unavailable, 5 gate failed.

            Examples:
              dotnet mario eval                                   run the default comparison on the embedded model
              dotnet mario eval --model scripted:eval-suites/demo/gsm8k-mini.scripted.json --limit 10
              dotnet mario check '\frac{1}{2}' '0.5'              check two answers for equivalence
              dotnet mario merge runs/shard1 runs/shard2 -o runs/all   merge the run folders of eval --shard 1/2, 2/2
              dotnet mario report runs/greedy runs/mcts -o report   HTML + Markdown report with figures
              dotnet mario suites list                            list evaluation suites
            """);
        // One line per command; keep this list sorted.
        root.Subcommands.Add(CheckCommand.Create());
        root.Subcommands.Add(CompareCommand.Create());
        root.Subcommands.Add(EvalCommand.Create(time ?? TimeProvider.System));
        root.Subcommands.Add(ExportCommand.Create(new Mario.Eval.EquivalenceChecker()));
        root.Subcommands.Add(GateCommand.Create());
        root.Subcommands.Add(GradeCommand.Create());
        root.Subcommands.Add(MergeCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(SandboxCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        root.Subcommands.Add(SuitesCommand.Create());
        root.Subcommands.Add(TokenizeCommand.Create());
        return root;
    }

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A parse error (unknown option, bad value, missing argument) prints
    /// one line naming it to <paramref name="error"/> and returns <see cref="ExitCodes.Usage"/>; no arguments at all
    /// print the root help and return <see cref="ExitCodes.Usage"/>.
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <param name="output">Standard output.</param>
    /// <param name="error">Standard error.</param>
    /// <param name="time">The clock for run timings; null for the system clock.</param>
    /// <param name="cancellationToken">Cancels the command.</param>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        if (args.Length == 0)
        {
            // No command: show what there is, but do not report success.
            await Build().Parse(["--help"]).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, cancellationToken).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var parseResult = Build(time).Parse(args);
        if (parseResult.Errors.Count > 0 && parseResult.Action is ParseErrorAction)
        {
            if (CommandSuggester.UnknownCommand(parseResult) is { } unknown)
            {
                await error.WriteLineAsync("error: " + unknown).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var command = string.Join(' ', parseResult.CommandResult.Command is RootCommand ? [] : CommandPath(parseResult));
            var help = command.Length == 0 ? "dotnet mario --help" : $"dotnet mario {command} --help";
            // Some parser messages span lines (e.g. the list of allowed values); keep the error to one line.
            var message = string.Join(' ', parseResult.Errors[0].Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            await error.WriteLineAsync($"error: {message} (see '{help}' for usage and examples)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var configuration = new InvocationConfiguration { Output = output, Error = error };
        return await parseResult.InvokeAsync(configuration, cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<string> CommandPath(ParseResult parseResult)
    {
        var names = new Stack<string>();
        for (var result = parseResult.CommandResult; result.Command is not RootCommand; result = (System.CommandLine.Parsing.CommandResult)result.Parent!)
        {
            names.Push(result.Command.Name);
        }

        return names;
    }
}
