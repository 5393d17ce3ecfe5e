using System.CommandLine;

namespace Mario.Tool.Commands;

/// <summary>The root command with every sub-command; the single place commands are registered.</summary>
public static class MarioCli
{
    /// <summary>Builds the root command.</summary>
    public static RootCommand Build()
    {
        var root = new RootCommand(
            """
            mario: measure and improve how well language models solve math problems with test-time search.

            Examples:
              dotnet mario eval                                   run the default comparison on the embedded model
              dotnet mario check '\frac{1}{2}' '0.5'              check two answers for equivalence
              dotnet mario suites list                            list evaluation suites
            """);
        // Benchmarks print figures for docs/benchmarks.md; one sub-command per area.
        var bench = new Command("bench", "Run a benchmark and print its figures (see docs/benchmarks.md).");
        root.Subcommands.Add(bench);
        bench.Subcommands.Add(Bench.EngineBenchCommand.Create());

        // One line per command; keep this list sorted.
        return root;
    }
}
