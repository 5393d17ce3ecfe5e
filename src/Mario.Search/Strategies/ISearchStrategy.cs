namespace Mario.Search.Strategies;

/// <summary>A test-time search strategy. Implementations are stateless; all per-problem state lives in the call.</summary>
public interface ISearchStrategy
{
    /// <summary>The canonical CLI name of <see cref="StrategyOptions.Kind"/> (see <see cref="StrategyNames"/>), e.g. <c>mcts</c>.</summary>
    string Name { get; }

    /// <summary>True when <see cref="SolveAsync"/> needs <see cref="SearchContext.ValueModel"/> (the CLI checks this up front).</summary>
    bool RequiresValueModel { get; }

    /// <summary>The validated options the strategy runs with; their <see cref="StrategyOptions.Kind"/> names the strategy.</summary>
    StrategyOptions Options { get; }

    /// <summary>Searches one problem.</summary>
    ValueTask<SearchResult> SolveAsync(Problem problem, SearchContext context, CancellationToken cancellationToken);
}
