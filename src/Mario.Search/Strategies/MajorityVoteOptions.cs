namespace Mario.Search.Strategies;

/// <summary>Options of <see cref="MajorityVoteStrategy"/> (maj@k; Super_MARIO reports maj@5 at T=0.6).</summary>
/// <param name="Samples">k, the number of independent chains, 1 to 1024.</param>
/// <param name="Temperature">Sampling temperature in (0, 2].</param>
/// <param name="MaxDepth">Steps before a chain ends with MaxDepth, 1 to 64.</param>
public sealed record MajorityVoteOptions(int Samples = 5, float Temperature = 0.6f, int MaxDepth = 10) : StrategyOptions
{
    /// <inheritdoc/>
    public override StrategyKind Kind => StrategyKind.Majority;

    /// <inheritdoc/>
    public override IReadOnlyList<OptionError> Validate() => OptionChecks.All(
        OptionChecks.Range("samples", Samples, 1, 1024),
        Temperature > 0 ? OptionChecks.Range("temperature", Temperature, 0, 2) : [new OptionError("temperature", $"must be in (0, 2], got {Temperature}")],
        OptionChecks.Range("max-depth", MaxDepth, 1, 64));
}
