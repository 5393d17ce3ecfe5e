using Mario.Models;
using Mario.Tool.Suites;

namespace Mario.Tool.Running;

/// <summary>Everything an eval run was asked to do; built and validated once at the CLI edge, stored as run.json.</summary>
/// <param name="Suite">Suite id or manifest path, as given.</param>
/// <param name="Model">The policy backend.</param>
/// <param name="ValueModel">The value model / PRM, or null.</param>
/// <param name="Strategy">The search strategy.</param>
/// <param name="Samples">Samples per problem for majority / best-of-n, 1 to 1024.</param>
/// <param name="Selection">Which problems (ids, shard, limit).</param>
/// <param name="Seed">Run seed; per-problem seeds derive from it and the problem id.</param>
/// <param name="Concurrency">Problems solved at once, 1 to 256.</param>
/// <param name="MaxTokens">Token budget per completion, 1 to 32768.</param>
/// <param name="DataDir">The <c>--data-dir</c> option, or null.</param>
public sealed record EvalOptions(
    string Suite,
    ModelSpec Model,
    ModelSpec? ValueModel,
    StrategyKind Strategy,
    int Samples,
    ProblemSelection Selection,
    ulong Seed,
    int Concurrency,
    int MaxTokens,
    string? DataDir)
{
    /// <summary>The first problem with these options as a one-line message, or null when they are consistent.</summary>
    public string? Validate()
    {
        if (Samples is < 1 or > 1024)
        {
            return $"--samples {Samples}: expected 1..1024, e.g. --samples 8";
        }

        if (Concurrency is < 1 or > 256)
        {
            return $"--concurrency {Concurrency}: expected 1..256, e.g. --concurrency 4";
        }

        if (MaxTokens is < 1 or > 32768)
        {
            return $"--max-tokens {MaxTokens}: expected 1..32768, e.g. --max-tokens 1024";
        }

        if (Selection.Limit is < 1)
        {
            return $"--limit {Selection.Limit}: expected at least 1, e.g. --limit 10";
        }

        if (Strategy is StrategyKind.Beam or StrategyKind.BestOfN && ValueModel is null)
        {
            return $"--strategy {StrategyName(Strategy)} ranks candidates with a value model: add --value-model, e.g. --value-model tiny";
        }

        if (Strategy == StrategyKind.Greedy && Samples != 1)
        {
            return $"--samples {Samples} contradicts --strategy greedy (one solution per problem); use --strategy majority";
        }

        if (Strategy == StrategyKind.Majority && Samples < 2)
        {
            return "--strategy majority needs --samples of at least 2, e.g. --samples 8";
        }

        return null;
    }

    /// <summary>The CLI spelling of a strategy.</summary>
    public static string StrategyName(StrategyKind kind) => kind switch
    {
        StrategyKind.Greedy => "greedy",
        StrategyKind.Majority => "majority",
        StrategyKind.BestOfN => "best-of-n",
        StrategyKind.Beam => "beam",
        StrategyKind.Mcts => "mcts",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };
}
