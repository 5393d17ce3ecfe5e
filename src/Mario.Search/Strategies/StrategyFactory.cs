namespace Mario.Search.Strategies;

/// <summary>
/// The CLI's entry point: a <see cref="StrategyKind"/> (named through <see cref="StrategyNames"/>) plus
/// <c>key=value</c> options become validated <see cref="StrategyOptions"/> and then an <see cref="ISearchStrategy"/>, or
/// errors that name each bad option. Example: <c>Create(StrategyKind.Mcts, {"iterations": "20", "c-puct": "1.25"})</c>.
/// </summary>
public static class StrategyFactory
{
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

    /// <summary>
    /// Parses <c>name=value</c> pairs (as typed after <c>-O</c>) into the typed options of <paramref name="kind"/>:
    /// unknown keys, unparsable values and out-of-range values are errors naming the key; absent keys take the defaults.
    /// </summary>
    /// <param name="kind">The strategy.</param>
    /// <param name="values">Option keys (e.g. <c>samples</c>) to values as typed on the command line.</param>
    /// <returns>The validated options, or null and at least one error.</returns>
    public static (StrategyOptions? Options, IReadOnlyList<OptionError> Errors) ParseOptions(StrategyKind kind, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var reader = new OptionReader(values);
        var options = Read(kind, reader, null);
        reader.RejectUnknown(StrategyNames.Name(kind));
        reader.Errors.AddRange(options.Validate());
        return reader.Errors.Count == 0 ? (options, []) : (null, reader.Errors);
    }

    /// <summary>Creates the strategy the options configure.</summary>
    /// <param name="options">Valid options (see <see cref="StrategyOptions.Validate"/>); invalid ones are a caller bug and throw.</param>
    public static ISearchStrategy Create(StrategyOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is [var first, ..])
        {
            throw new ArgumentException($"Invalid {StrategyNames.Name(options.Kind)} option '{first.Option}': {first.Message}", nameof(options));
        }

        return options switch
        {
            GreedyOptions o => new GreedyStrategy(o),
            MajorityVoteOptions o => new MajorityVoteStrategy(o),
            BestOfNOptions o => new BestOfNStrategy(o),
            StepBeamOptions o => new StepBeamSearchStrategy(o),
            MctsOptions o => new MctsStrategy(o),
            RStarMctsOptions o => new RStarMctsStrategy(o),
            _ => throw new ArgumentOutOfRangeException(nameof(options), options.GetType().Name, "Unknown strategy options."),
        };
    }

    /// <summary>Parses the options of <paramref name="kind"/> and creates the strategy, or returns the errors naming each bad option.</summary>
    /// <param name="kind">The strategy.</param>
    /// <param name="values">Option keys (e.g. <c>samples</c>) to values as typed on the command line.</param>
    public static StrategyCreation Create(StrategyKind kind, IReadOnlyDictionary<string, string> values)
    {
        var (options, errors) = ParseOptions(kind, values);
        return options is null ? new StrategyCreation(null, errors) : new StrategyCreation(Create(options), []);
    }

    /// <summary>The options <paramref name="kind"/> accepts with their defaults, in a fixed order.</summary>
    public static IReadOnlyList<StrategyOption> Describe(StrategyKind kind)
    {
        var reader = new OptionReader(new Dictionary<string, string>());
        Read(kind, reader, null);
        return reader.Accepted;
    }

    /// <summary>Every option of <paramref name="options"/> with its value, formatted as the command line takes it.</summary>
    internal static IReadOnlyList<KeyValuePair<string, string>> Values(StrategyOptions options)
    {
        var reader = new OptionReader(new Dictionary<string, string>());
        Read(options.Kind, reader, options);
        return [.. reader.Accepted.Select(a => KeyValuePair.Create(a.Name, a.Default))];
    }

    // One reader per kind names each option's key, default and range once; parsing, --help and Describe all use it.
    // basis supplies the fallbacks: null for the defaults, or a record whose values Values() formats.
    private static StrategyOptions Read(StrategyKind kind, OptionReader r, StrategyOptions? basis) => kind switch
    {
        StrategyKind.Greedy => ReadGreedy(r, basis as GreedyOptions ?? new GreedyOptions()),
        StrategyKind.Majority => ReadMajority(r, basis as MajorityVoteOptions ?? new MajorityVoteOptions()),
        StrategyKind.BestOfN => ReadBestOfN(r, basis as BestOfNOptions ?? new BestOfNOptions()),
        StrategyKind.Beam => ReadBeam(r, basis as StepBeamOptions ?? new StepBeamOptions()),
        StrategyKind.Mcts => ReadMcts(r, basis as MctsOptions ?? new MctsOptions()),
        StrategyKind.RStarMcts => ReadRStarMcts(r, basis as RStarMctsOptions ?? new RStarMctsOptions()),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown strategy kind."),
    };

    private static GreedyOptions ReadGreedy(OptionReader r, GreedyOptions d)
    {
        return new GreedyOptions(MaxDepth: r.Int("max-depth", d.MaxDepth, "steps per chain, 1-64"));
    }

    private static MajorityVoteOptions ReadMajority(OptionReader r, MajorityVoteOptions d)
    {
        return new MajorityVoteOptions(
            r.Int("samples", d.Samples, "k, independent chains, 1-1024"),
            r.Float("temperature", d.Temperature, "sampling temperature, (0, 2]"),
            r.Int("max-depth", d.MaxDepth, "steps per chain, 1-64"));
    }

    private static BestOfNOptions ReadBestOfN(OptionReader r, BestOfNOptions d)
    {
        return new BestOfNOptions(
            r.Int("samples", d.Samples, "N, independent chains, 1-1024"),
            r.Float("temperature", d.Temperature, "sampling temperature, (0, 2]"),
            r.Int("max-depth", d.MaxDepth, "steps per chain, 1-64"),
            r.Enum("aggregation", d.Aggregation, "how step scores combine: min, prod, last, mean", Aggregations));
    }

    private static StepBeamOptions ReadBeam(OptionReader r, StepBeamOptions d)
    {
        return new StepBeamOptions(
            r.Int("beam-width", d.BeamWidth, "B1, beams kept per step, 1-64"),
            r.Int("samples", d.SamplesPerStep, "B2, samples per beam per step, 1-64"),
            r.Float("temperature", d.Temperature, "sampling temperature, [0, 2]"),
            r.Int("max-depth", d.MaxDepth, "steps per beam, 1-64"),
            r.Bool("dedupe", d.Deduplicate, "drop repeated samples"),
            r.Bool("vote", d.Vote, "majority over the finished beams"));
    }

    private static MctsOptions ReadMcts(OptionReader r, MctsOptions d)
    {
        return new MctsOptions(
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
    }

    private static RStarMctsOptions ReadRStarMcts(OptionReader r, RStarMctsOptions d)
    {
        return new RStarMctsOptions(
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
    }
}
