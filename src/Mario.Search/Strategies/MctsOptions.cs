namespace Mario.Search.Strategies;

/// <summary>
/// Options of <see cref="MctsStrategy"/>, AlphaMath MCTS. Defaults are the reference test config mcts_sft.yaml
/// except c_puct, which keeps the BaseConfig default 1.5 (mcts_sft.yaml uses 1.25).
/// </summary>
/// <param name="Iterations">Simulations N (reference 40), 1 to 10000.</param>
/// <param name="SamplesPerExpansion">Children sampled per expansion (n_generate_sample, reference 5), 1 to 64.</param>
/// <param name="CPuct">Exploration constant c_puct in [0, 100].</param>
/// <param name="MaxDepth">
/// The reference's max_depth, 1 to 63: a non-answer step deeper than this ends its branch with MaxDepth, so answers can
/// appear at MaxDepth + 1 (mcts_sft.yaml: 8).
/// </param>
/// <param name="MaxConsecutiveCodeErrors">errors_threshold: a branch ends once consecutive failing code steps exceed it (reference 3).</param>
/// <param name="Temperature">Sampling temperature in (0, 2] (reference 0.6 at test, 1.0 for data).</param>
/// <param name="UseGoldReward">Data-generation mode (is_sampling): answered leaves get ±1 by equivalence with the gold answer.</param>
/// <param name="PositiveReward">Reward of a correct answer in data-generation mode, in [-1, 1].</param>
/// <param name="NegativeReward">Reward of a wrong answer and of an invalid terminal, in [-1, 1].</param>
/// <param name="Deduplicate">Drop samples whose stripped text repeats an earlier sample of the expansion (order kept; remove_duplicate, reference off).</param>
/// <param name="UpdateLeafValue">Score every new child with the value model and back up each, instead of backing up V(leaf).</param>
/// <param name="Selection">How the final answer is chosen from the tree (reference offline default: Q).</param>
public sealed record MctsOptions(
    int Iterations = 40,
    int SamplesPerExpansion = 5,
    double CPuct = 1.5,
    int MaxDepth = 8,
    int MaxConsecutiveCodeErrors = 3,
    float Temperature = 0.6f,
    bool UseGoldReward = false,
    double PositiveReward = 1.0,
    double NegativeReward = -1.0,
    bool Deduplicate = false,
    bool UpdateLeafValue = false,
    AnswerSelection Selection = AnswerSelection.QValue) : StrategyOptions
{
    /// <inheritdoc/>
    public override StrategyKind Kind => StrategyKind.Mcts;

    /// <inheritdoc/>
    public override IReadOnlyList<OptionError> Validate() => OptionChecks.All(
        OptionChecks.Range("iterations", Iterations, 1, 10000),
        OptionChecks.Range("samples", SamplesPerExpansion, 1, 64),
        OptionChecks.Range("c-puct", CPuct, 0, 100),
        OptionChecks.Range("max-depth", MaxDepth, 1, 63),
        OptionChecks.Range("max-code-errors", MaxConsecutiveCodeErrors, 0, 64),
        Temperature > 0 ? OptionChecks.Range("temperature", Temperature, 0, 2) : [new OptionError("temperature", $"must be in (0, 2], got {Temperature}")],
        OptionChecks.Range("positive-reward", PositiveReward, -1, 1),
        OptionChecks.Range("negative-reward", NegativeReward, -1, 1),
        Enum.IsDefined(Selection) ? [] : [new OptionError("select", $"must be q, value, visits or votes, got {Selection}")]);
}
