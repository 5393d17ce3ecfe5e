using Mario.Eval.Scoring;

namespace Mario.Search.Strategies;

/// <summary>
/// maj@k: sample k full chains, then vote over their final answers with clusters formed by answer equivalence
/// (not string equality). Ties go to the cluster that appeared first.
/// </summary>
public sealed class MajorityVoteStrategy(MajorityVoteOptions options) : ISearchStrategy
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
        var leaves = await Chains.SampleAsync(run, options.Samples, options.Temperature, options.MaxDepth, cancellationToken)
            .ConfigureAwait(false);

        var answered = leaves.Where(l => l.IsAnswer).ToList();
        var clusters = MajorityVote.Vote(answered.Select(l => l.Answer).ToList(), context.Checker);
        if (clusters.Count == 0)
        {
            return run.Finish(null, null, []);
        }

        var candidates = clusters
            .Select(c => SearchRun.Candidate(answered[c.Members[0]], c.Votes, c.Weight))
            .ToList();
        var winner = answered[clusters[0].Members[0]];
        return run.Finish(winner.Answer, winner, candidates);
    }
}
