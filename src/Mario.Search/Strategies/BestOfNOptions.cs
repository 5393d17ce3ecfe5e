namespace Mario.Search.Strategies;

/// <summary>Options of <see cref="BestOfNStrategy"/> (no reference counterpart; defaults follow maj@k).</summary>
/// <param name="Samples">N, the number of independent chains, 1 to 1024.</param>
/// <param name="Temperature">Sampling temperature in (0, 2].</param>
/// <param name="MaxDepth">Steps before a chain ends with MaxDepth, 1 to 64.</param>
/// <param name="Aggregation">How per-step scores combine; <see cref="ScoreAggregation.Last"/> uses the model as an ORM.</param>
public sealed record BestOfNOptions(
    int Samples = 5, float Temperature = 0.6f, int MaxDepth = 10, ScoreAggregation Aggregation = ScoreAggregation.Min) : StrategyOptions
{
    /// <inheritdoc/>
    public override StrategyKind Kind => StrategyKind.BestOfN;

    /// <inheritdoc/>
    public override IReadOnlyList<OptionError> Validate() => OptionChecks.All(
        OptionChecks.Range("samples", Samples, 1, 1024),
        Temperature > 0 ? OptionChecks.Range("temperature", Temperature, 0, 2) : [new OptionError("temperature", $"must be in (0, 2], got {Temperature}")],
        OptionChecks.Range("max-depth", MaxDepth, 1, 64),
        Enum.IsDefined(Aggregation) ? [] : [new OptionError("aggregation", $"must be min, prod, last or mean, got {Aggregation}")]);
}
