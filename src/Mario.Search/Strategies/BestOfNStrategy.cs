using Mario.Eval.Scoring;
using Mario.Search.Tree;

namespace Mario.Search.Strategies;

/// <summary>
/// Best-of-N: sample N full chains, score every step prefix of each answered chain with the value model / PRM,
/// aggregate the step scores (min, prod, last or mean) and answer with the best chain. Unanswered chains never win.
/// </summary>
public sealed class BestOfNStrategy(BestOfNOptions options) : ISearchStrategy
{
    /// <inheritdoc />
    public string Name => StrategyNames.Name(options.Kind);

    /// <inheritdoc />
    public bool RequiresValueModel => true;

    /// <inheritdoc />
    public StrategyOptions Options => options;

    /// <inheritdoc />
    public async ValueTask<SearchResult> SolveAsync(Problem problem, SearchContext context, CancellationToken cancellationToken)
    {
        var run = new SearchRun(Name, problem, context);
        var leaves = await Chains.SampleAsync(run, options.Samples, options.Temperature, options.MaxDepth, cancellationToken)
            .ConfigureAwait(false);
        var answered = leaves.Where(l => l.IsAnswer).ToList();

        // One value call for every prefix that the aggregation needs (only the last one for an ORM).
        var scored = answered
            .SelectMany(leaf => options.Aggregation == ScoreAggregation.Last ? [leaf] : leaf.PathFromRoot().Skip(1))
            .Distinct()
            .ToList();
        await run.ScoreAsync(scored, cancellationToken).ConfigureAwait(false);

        var ranked = answered
            .Select((leaf, order) => (Leaf: leaf, Score: Aggregate(leaf), Order: order))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Order)
            .ToList();
        if (ranked.Count == 0)
        {
            return run.Finish(null, null, []);
        }

        // Candidates: one per equivalence cluster, represented by its best-scoring chain, best first.
        var clusters = MajorityVote.Vote(ranked.Select(x => x.Leaf.Answer).ToList(), context.Checker);
        var candidates = clusters
            .Select(c => (Cluster: c, Best: ranked[c.Members[0]]))
            .OrderByDescending(x => x.Best.Score)
            .ThenBy(x => x.Cluster.Members[0])
            .Select(x => SearchRun.Candidate(x.Best.Leaf, x.Cluster.Votes, x.Best.Score))
            .ToList();
        return run.Finish(ranked[0].Leaf.Answer, ranked[0].Leaf, candidates);
    }

    private double Aggregate(SearchNode leaf)
    {
        if (options.Aggregation == ScoreAggregation.Last)
        {
            return leaf.Value!.Value;
        }

        var steps = leaf.PathFromRoot().Skip(1).Select(n => n.Value!.Value).ToList();
        return options.Aggregation switch
        {
            ScoreAggregation.Min => steps.Min(),
            ScoreAggregation.Prod => steps.Aggregate(1.0, (product, v) => product * ((v + 1) / 2)),
            ScoreAggregation.Mean => steps.Average(),
            _ => throw new InvalidOperationException($"Unknown aggregation {options.Aggregation}."),
        };
    }
}
