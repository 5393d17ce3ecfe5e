namespace Mario.Search.Strategies;

/// <summary>Options of <see cref="GreedyStrategy"/> (Super_MARIO react configs: temperature 0, max_depth 10).</summary>
/// <param name="MaxDepth">Steps before a branch ends with MaxDepth, 1 to 64.</param>
public sealed record GreedyOptions(int MaxDepth = 10) : StrategyOptions
{
    /// <inheritdoc/>
    public override StrategyKind Kind => StrategyKind.Greedy;

    /// <inheritdoc/>
    public override IReadOnlyList<OptionError> Validate() => OptionChecks.Range("max-depth", MaxDepth, 1, 64);
}
