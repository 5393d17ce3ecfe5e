namespace Mario.Search.Strategies;

/// <summary>A test-time search strategy. Implementations are stateless; all per-problem state lives in the call.</summary>
public interface ISearchStrategy
{
    /// <summary>The CLI name, e.g. <c>mcts</c>.</summary>
    string Name { get; }

    /// <summary>Searches one problem.</summary>
    ValueTask<SearchResult> SolveAsync(Problem problem, SearchContext context, CancellationToken cancellationToken);
}
