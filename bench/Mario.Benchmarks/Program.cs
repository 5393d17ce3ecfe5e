using System.CommandLine;
using Mario.Tool.Cli;

namespace Mario.Benchmarks;

/// <summary>The benchmark runner: one sub-command per area, each printing the figures docs/benchmarks.md records.</summary>
public static class Program
{
    /// <summary>Builds the root command with every benchmark area.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand(
            """
            mario's benchmarks: run one and print its figures (see docs/benchmarks.md). Run from the repository
            root; some read repository files (tools/fixtures, tools/tokenizer-golden, ../shared/suites).

            Examples:
              dotnet run --project bench/Mario.Benchmarks -c Release -- --help
              dotnet run --project bench/Mario.Benchmarks -c Release -- checker --pairs 30000
            """);
        root.Subcommands.Add(CheckerBenchCommand.Create());
        root.Subcommands.Add(EngineBenchCommand.Create());
        root.Subcommands.Add(HttpBenchCommand.Create());
        root.Subcommands.Add(SandboxBenchCommand.Create());
        root.Subcommands.Add(ServeBenchCommand.Create());
        root.Subcommands.Add(TokenizerBenchCommand.Create());
        return root;
    }

    /// <summary>Runs the benchmark named by <paramref name="args"/>.</summary>
    public static async Task<int> Main(string[] args)
    {
        var parse = Build().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var parseError in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {parseError.Message}").ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        return await parse.InvokeAsync().ConfigureAwait(false);
    }
}
