namespace Mario.Search.Strategies;

/// <summary>The result of <see cref="StrategyFactory.Create(StrategyKind, IReadOnlyDictionary{string, string})"/>: a strategy, or the errors naming each bad option.</summary>
/// <param name="Strategy">The strategy when every option was valid, else null.</param>
/// <param name="Errors">Validation errors; empty on success.</param>
public sealed record StrategyCreation(ISearchStrategy? Strategy, IReadOnlyList<OptionError> Errors)
{
    /// <summary>True when a strategy was created.</summary>
    public bool Succeeded => Strategy is not null;
}
