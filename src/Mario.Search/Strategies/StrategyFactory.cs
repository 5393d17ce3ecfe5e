namespace Mario.Search.Strategies;

/// <summary>
/// The CLI's entry point: a strategy name (<c>greedy</c>, <c>maj</c>, <c>bon</c>, <c>beam</c>, <c>mcts</c>,
/// <c>rstar-mcts</c>) plus <c>key=value</c> options become a validated <see cref="ISearchStrategy"/>, or errors that
/// name each bad option. Example: <c>Create("mcts", {"iterations": "20", "c-puct": "1.25"})</c>.
/// </summary>
public static class StrategyFactory
{
    /// <summary>Every strategy name, in the order of the docs.</summary>
    public static IReadOnlyList<string> Names { get; } = ["greedy", "maj", "bon", "beam", "mcts", "rstar-mcts"];

    private static readonly Dictionary<string, AnswerSelection> Selections = new(StringComparer.Ordinal)
    {
        ["q"] = AnswerSelection.QValue,
        ["value"] = AnswerSelection.Value,
        ["visits"] = AnswerSelection.Visits,
        ["votes"] = AnswerSelection.Votes,
    };

    private static readonly Dictionary<string, ScoreAggregation> Aggregations = new(StringComparer.Ordinal)
    {
        ["min"] = ScoreAggregation.Min,
        ["prod"] = ScoreAggregation.Prod,
        ["last"] = ScoreAggregation.Last,
        ["mean"] = ScoreAggregation.Mean,
    };

    /// <summary>Creates a strategy; unknown names, unknown keys, unparsable values and out-of-range values are errors.</summary>
    /// <param name="name">The strategy name.</param>
    /// <param name="options">Option keys (e.g. <c>samples</c>) to values as typed on the command line.</param>
    public static StrategyCreation Create(string name, IReadOnlyDictionary<string, string> options)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(options);
        var reader = new OptionReader(options);
        if (Build(name, reader) is not { } strategy)
        {
            return new StrategyCreation(null, [new OptionError("strategy", $"unknown strategy '{name}'; expected one of {string.Join(", ", Names)}")]);
        }

        reader.RejectUnknown(name);
        reader.Errors.AddRange(strategy.Validate());
        return reader.Errors.Count == 0 ? new StrategyCreation(strategy.Strategy, []) : new StrategyCreation(null, reader.Errors);
    }

    /// <summary>The options <paramref name="name"/> accepts with their defaults; empty for an unknown name.</summary>
    public static IReadOnlyList<StrategyOption> Describe(string name)
    {
        var reader = new OptionReader(new Dictionary<string, string>());
        return Build(name, reader) is null ? [] : reader.Accepted;
    }

    private static (ISearchStrategy Strategy, Func<IReadOnlyList<OptionError>> Validate)? Build(string name, OptionReader r)
    {
        switch (name)
        {
            case "greedy":
            {
                var o = new GreedyOptions(MaxDepth: r.Int("max-depth", new GreedyOptions().MaxDepth, "steps per chain, 1-64"));
                return (new GreedyStrategy(o), o.Validate);
            }

            case "maj":
            {
                var d = new MajorityVoteOptions();
                var o = new MajorityVoteOptions(
                    r.Int("samples", d.Samples, "k, independent chains, 1-1024"),
                    r.Float("temperature", d.Temperature, "sampling temperature, (0, 2]"),
                    r.Int("max-depth", d.MaxDepth, "steps per chain, 1-64"));
                return (new MajorityVoteStrategy(o), o.Validate);
            }

            case "bon":
            {
                var d = new BestOfNOptions();
                var o = new BestOfNOptions(
                    r.Int("samples", d.Samples, "N, independent chains, 1-1024"),
                    r.Float("temperature", d.Temperature, "sampling temperature, (0, 2]"),
                    r.Int("max-depth", d.MaxDepth, "steps per chain, 1-64"),
                    r.Enum("aggregation", d.Aggregation, "how step scores combine: min, prod, last, mean", Aggregations));
                return (new BestOfNStrategy(o), o.Validate);
            }

            case "beam":
            {
                var d = new StepBeamOptions();
                var o = new StepBeamOptions(
                    r.Int("beam-width", d.BeamWidth, "B1, beams kept per step, 1-64"),
                    r.Int("samples", d.SamplesPerStep, "B2, samples per beam per step, 1-64"),
                    r.Float("temperature", d.Temperature, "sampling temperature, [0, 2]"),
                    r.Int("max-depth", d.MaxDepth, "steps per beam, 1-64"),
                    r.Bool("dedupe", d.Deduplicate, "drop repeated samples"),
                    r.Bool("vote", d.Vote, "majority over the finished beams"));
                return (new StepBeamSearchStrategy(o), o.Validate);
            }

            case "mcts":
            {
                var d = new MctsOptions();
                var o = new MctsOptions(
                    r.Int("iterations", d.Iterations, "simulations, 1-10000"),
                    r.Int("samples", d.SamplesPerExpansion, "children per expansion, 1-64"),
                    r.Double("c-puct", d.CPuct, "PUCT exploration constant, 0-100"),
                    r.Int("max-depth", d.MaxDepth, "non-answer steps deeper than this end a branch (answers may sit one deeper), 1-63"),
                    r.Int("max-code-errors", d.MaxConsecutiveCodeErrors, "consecutive failing code steps allowed, 0-64"),
                    r.Float("temperature", d.Temperature, "sampling temperature, (0, 2]"),
                    r.Bool("gold-reward", d.UseGoldReward, "data mode: reward answers ±1 against the gold"),
                    r.Double("positive-reward", d.PositiveReward, "reward of a correct answer, [-1, 1]"),
                    r.Double("negative-reward", d.NegativeReward, "reward of a wrong or invalid end, [-1, 1]"),
                    r.Bool("dedupe", d.Deduplicate, "drop repeated samples"),
                    r.Bool("update-leaf-value", d.UpdateLeafValue, "back up each new child's value instead of the leaf's"),
                    r.Enum("select", d.Selection, "final answer by q, value, visits or votes", Selections));
                return (new MctsStrategy(o), o.Validate);
            }

            case "rstar-mcts":
            {
                var d = new RStarMctsOptions();
                var o = new RStarMctsOptions(
                    r.Int("rollouts", d.Rollouts, "root-to-terminal rollouts, 1-10000"),
                    r.Int("samples", d.SamplesPerExpansion, "children per expansion, 1-128"),
                    r.Double("c-uct", d.CUct, "UCT exploration constant, 0-100"),
                    r.Int("max-depth", d.MaxDepth, "the reference's max_depth: deeper non-answer steps end a branch, and a rollout takes at most this many steps, 1-63"),
                    r.Int("max-code-errors", d.MaxConsecutiveCodeErrors, "consecutive failing code steps allowed, 0-64"),
                    r.Float("temperature", d.Temperature, "sampling temperature, (0, 2]"),
                    r.Bool("gold-reward", d.UseGoldReward, "data mode: answers back up ±1 against the gold"),
                    r.Bool("update-leaf-value", d.UpdateLeafValue, "initialise new children's Q with the PRM"),
                    r.Int("top", d.TopTrajectories, "best answers that vote, 1-1024"),
                    r.Double("negative-reward", d.NegativeReward, "node-local reward of an invalid end, [-1, 1]"));
                return (new RStarMctsStrategy(o), o.Validate);
            }

            default:
                return null;
        }
    }
}
