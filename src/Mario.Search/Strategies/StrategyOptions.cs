namespace Mario.Search.Strategies;

/// <summary>
/// The typed options of one strategy (a closed set: one sealed record per <see cref="StrategyKind"/>). Built from
/// <c>name=value</c> pairs by <see cref="StrategyFactory.ParseOptions"/>, validated once, then handed to
/// <see cref="StrategyFactory.Create(StrategyOptions)"/>.
/// </summary>
public abstract record StrategyOptions
{
    /// <summary>The strategy these options configure.</summary>
    public abstract StrategyKind Kind { get; }

    /// <summary>Problems with the options, each naming the option by its command-line key; empty when valid.</summary>
    public abstract IReadOnlyList<OptionError> Validate();

    /// <summary>
    /// Every option with its value, by command-line key in the order of <see cref="StrategyFactory.Describe"/>,
    /// formatted as <c>-O name=value</c> accepts it (e.g. <c>c-puct=1.5</c>, <c>select=q</c>); for summaries and logs.
    /// </summary>
    public IReadOnlyList<KeyValuePair<string, string>> Describe() => StrategyFactory.Values(this);
}
