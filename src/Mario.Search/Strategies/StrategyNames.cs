namespace Mario.Search.Strategies;

/// <summary>
/// The one table from strategy names to <see cref="StrategyKind"/> and back: <c>greedy</c>, <c>maj</c> (alias
/// <c>majority</c>), <c>bon</c> (alias <c>best-of-n</c>), <c>beam</c>, <c>mcts</c>, <c>rstar-mcts</c>. The CLI's
/// <c>--strategy</c>, the strategies' <see cref="ISearchStrategy.Name"/> and run summaries all read it.
/// </summary>
public static class StrategyNames
{
    // Canonical names first, in the order of the docs; a kind's first entry is its canonical name.
    private static readonly KeyValuePair<string, StrategyKind>[] Table =
    [
        new("greedy", StrategyKind.Greedy),
        new("maj", StrategyKind.Majority),
        new("bon", StrategyKind.BestOfN),
        new("beam", StrategyKind.Beam),
        new("mcts", StrategyKind.Mcts),
        new("rstar-mcts", StrategyKind.RStarMcts),
        new("majority", StrategyKind.Majority),
        new("best-of-n", StrategyKind.BestOfN),
    ];

    /// <summary>Every accepted name and alias, to its kind.</summary>
    public static IReadOnlyDictionary<string, StrategyKind> All { get; } = new Dictionary<string, StrategyKind>(Table, StringComparer.Ordinal);

    /// <summary>The canonical names, one per kind, in the order of the docs.</summary>
    public static IReadOnlyList<string> Canonical { get; } = [.. Enum.GetValues<StrategyKind>().Select(Name)];

    /// <summary>The canonical name of a kind: the name listed first for it.</summary>
    public static string Name(StrategyKind kind) =>
        Array.Find(Table, p => p.Value == kind).Key ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown strategy kind.");

    /// <summary>The kind a name or alias stands for, or null for an unknown name (matched exactly, case-sensitive).</summary>
    public static StrategyKind? Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return All.TryGetValue(name, out var kind) ? kind : null;
    }
}
