namespace Mario.Search.Strategies;

/// <summary>Options of <see cref="RStarMctsStrategy"/>; defaults are rStar's test config sft_eval_mcts.yaml.</summary>
/// <param name="Rollouts">Root-to-terminal rollouts (reference 12; the README also suggests 8 or 16), 1 to 10000.</param>
/// <param name="SamplesPerExpansion">Children sampled per expansion (reference 32), 1 to 128.</param>
/// <param name="CUct">Exploration constant c in [0, 100] (reference 2).</param>
/// <param name="MaxDepth">
/// The reference's max_depth, 1 to 63: a non-answer step deeper than this ends its branch (answers may appear at
/// MaxDepth + 1), and a rollout takes at most this many steps after leaving the root (sft_eval_mcts.yaml: 16).
/// </param>
/// <param name="MaxConsecutiveCodeErrors">A branch ends once consecutive failing code steps exceed this; reference errors_threshold 1 with <c>&gt;=</c>, i.e. 0 here.</param>
/// <param name="Temperature">Sampling temperature in (0, 2] (reference 1.0).</param>
/// <param name="UseGoldReward">Data-generation mode (is_sampling): answers back up ±1 by equivalence with the gold answer.</param>
/// <param name="UpdateLeafValue">Initialise each new open child's Q with the PRM score (update_leaf_value; reference on at test).</param>
/// <param name="TopTrajectories">Final answer: majority over this many best-scored answers (eval_maj top_n, reference 4), 1 to 1024.</param>
/// <param name="NegativeReward">Node-local reward of an invalid terminal, in [-1, 1].</param>
public sealed record RStarMctsOptions(
    int Rollouts = 12,
    int SamplesPerExpansion = 32,
    double CUct = 2.0,
    int MaxDepth = 16,
    int MaxConsecutiveCodeErrors = 0,
    float Temperature = 1.0f,
    bool UseGoldReward = false,
    bool UpdateLeafValue = true,
    int TopTrajectories = 4,
    double NegativeReward = -1.0) : StrategyOptions
{
    /// <inheritdoc/>
    public override StrategyKind Kind => StrategyKind.RStarMcts;

    /// <inheritdoc/>
    public override IReadOnlyList<OptionError> Validate() => OptionChecks.All(
        OptionChecks.Range("rollouts", Rollouts, 1, 10000),
        OptionChecks.Range("samples", SamplesPerExpansion, 1, 128),
        OptionChecks.Range("c-uct", CUct, 0, 100),
        OptionChecks.Range("max-depth", MaxDepth, 1, 63),
        OptionChecks.Range("max-code-errors", MaxConsecutiveCodeErrors, 0, 64),
        Temperature > 0 ? OptionChecks.Range("temperature", Temperature, 0, 2) : [new OptionError("temperature", $"must be in (0, 2], got {Temperature}")],
        OptionChecks.Range("top", TopTrajectories, 1, 1024),
        OptionChecks.Range("negative-reward", NegativeReward, -1, 1));
}
