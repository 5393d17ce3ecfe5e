namespace Mario.Search.Strategies;

/// <summary>
/// One chain at temperature 0 (Super_MARIO react_batch): generate a step, parse it, run its code, repeat until the
/// branch ends. Code errors never end the chain; an unparsable step does (the batch reference; the single-question
/// demo's resampling at T=0.7 is not reproduced).
/// </summary>
public sealed class GreedyStrategy(GreedyOptions options) : ISearchStrategy
{
    /// <inheritdoc />
    public string Name => StrategyNames.Name(options.Kind);

    /// <inheritdoc />
    public bool RequiresValueModel => false;

    /// <inheritdoc />
    public StrategyOptions Options => options;

    /// <inheritdoc />
    public async ValueTask<SearchResult> SolveAsync(Problem problem, SearchContext context, CancellationToken cancellationToken)
    {
        var run = new SearchRun(Name, problem, context);
        var rules = new ExpansionRules(options.MaxDepth, MaxConsecutiveCodeErrors: int.MaxValue, SampleDedupe.None);

        var node = run.Root;
        while (node.Terminal is null)
        {
            var children = await run.ExpandAsync([new Expansion(node, 1, 0f)], rules, cancellationToken).ConfigureAwait(false);
            node = children[0][0];
        }

        return node.IsAnswer
            ? run.Finish(node.Answer, node, [SearchRun.Candidate(node, votes: 1, score: null)])
            : run.Finish(null, null, []);
    }
}
