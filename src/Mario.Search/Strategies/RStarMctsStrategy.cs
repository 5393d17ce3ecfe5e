using Mario.Eval.Scoring;
using Mario.Search.Tree;

namespace Mario.Search.Strategies;

/// <summary>
/// rStar-Math MCTS (rstar_deepthink agents/mcts.py with solver.py), one problem:
/// <code>
/// repeat Rollouts times:                          one rollout = a root-to-terminal descent
///     node = root
///     loop:
///         if node has no children:
///             children = expand(node, n samples)  code runs every chunk; a failing chunk ends its branch;
///                                                 if any sample answers, only the first answer sample is kept
///             open children: Q := PRM(child)      node-local update, N = 1 (UpdateLeafValue)
///             answers: backup(child, ±1 by gold)  data mode; test mode: backup(child, PRM(child))
///             invalid terminals: update(child, NegativeReward), node only
///         node = UCT-best open child; none -> mark node exhausted, rollout ends
/// answer = majority vote over the TopTrajectories answers with the highest PRM score (Q in data mode)
/// </code>
/// UCT(c) = Q(c) + c · sqrt(ln N(parent) / N(c)), with the exploration term 0 when N(c) = 0 or N(parent) = 0
/// (maintainers: deliberate, high-Q nodes first); ties go to the first child.
/// </summary>
/// <remarks>
/// Deliberate differences: code errors are typed sandbox failures, not the case-insensitive substring "error" in the
/// output (SEARCH_REFERENCE.md section 8, rStar 5); an answer step is recognised by its tags, not by "boxed" anywhere
/// in the text; the final vote runs over the best answers of this one tree, where the paper votes over K separate
/// runs (run the strategy K times and vote outside to reproduce that).
/// </remarks>
public sealed class RStarMctsStrategy(RStarMctsOptions options) : ISearchStrategy
{
    /// <inheritdoc />
    public string Name => StrategyNames.Name(options.Kind);

    /// <inheritdoc />
    public bool RequiresValueModel => !options.UseGoldReward;

    /// <inheritdoc />
    public StrategyOptions Options => options;

    /// <inheritdoc />
    public async ValueTask<SearchResult> SolveAsync(Problem problem, SearchContext context, CancellationToken cancellationToken)
    {
        if (options.UseGoldReward && problem.Gold is null)
        {
            throw new InvalidOperationException($"Problem '{problem.Id}' has no gold answer, which data-generation mode needs.");
        }

        var run = new SearchRun(Name, problem, context);
        // As in the reference, a non-answer step ends its branch only when its depth exceeds max_depth.
        var rules = new ExpansionRules(options.MaxDepth + 1, options.MaxConsecutiveCodeErrors, SampleDedupe.ExactText, SingleAnswerSample: true);
        for (var rollout = 0; rollout < options.Rollouts && !run.Root.Exhausted; rollout++)
        {
            // The reference's solver moves from the root to its best child before a rollout's step loop, then takes at
            // most max_depth steps, each expanding the current node if it has no children and moving to its best child.
            var node = run.Root.Children.Count > 0 ? Step(run.Root) : run.Root;
            for (var step = 0; node is not null && step < options.MaxDepth; step++)
            {
                if (node.Children.Count == 0)
                {
                    var children = (await run.ExpandAsync([new Expansion(node, options.SamplesPerExpansion, options.Temperature)], rules, cancellationToken)
                        .ConfigureAwait(false))[0];
                    await AnnotateAsync(run, children, cancellationToken).ConfigureAwait(false);
                }

                node = Step(node);
            }
        }

        return Answer(run, context);
    }

    /// <summary>UCT score of <paramref name="child"/> under <paramref name="parent"/>; unvisited children score their Q (0).</summary>
    public static double Uct(SearchNode parent, SearchNode child, double c)
    {
        ArgumentNullException.ThrowIfNull(parent);
        ArgumentNullException.ThrowIfNull(child);
        if (child.Visits == 0 || parent.Visits == 0)
        {
            return child.Q;
        }

        return child.Q + c * Math.Sqrt(Math.Log(parent.Visits) / child.Visits);
    }

    /// <summary>The UCT-best open child, or null after marking <paramref name="node"/> exhausted when it has none.</summary>
    private SearchNode? Step(SearchNode node)
    {
        var next = SelectUct(node);
        if (next is null)
        {
            node.Exhausted = true;
        }

        return next;
    }

    private SearchNode? SelectUct(SearchNode node)
    {
        SearchNode? best = null;
        var bestScore = double.NegativeInfinity;
        foreach (var child in node.Children)
        {
            if (child.IsClosed)
            {
                continue;
            }

            var score = Uct(node, child, options.CUct);
            if (score > bestScore)
            {
                (best, bestScore) = (child, score);
            }
        }

        return best;
    }

    private async ValueTask AnnotateAsync(SearchRun run, IReadOnlyList<SearchNode> children, CancellationToken cancellationToken)
    {
        var hasPrm = run.Context.ValueModel is not null;
        var open = children.Where(c => c.Terminal is null).ToList();
        var answers = children.Where(c => c.IsAnswer).ToList();
        var scoreOpen = hasPrm && options.UpdateLeafValue ? open : [];
        var scoreAnswers = hasPrm && !options.UseGoldReward ? answers : [];
        await run.ScoreAsync(scoreOpen.Concat(scoreAnswers).ToList(), cancellationToken).ConfigureAwait(false);

        foreach (var child in scoreOpen)
        {
            // PPM-augmented initial Q: node only, not propagated.
            child.Update(child.Value!.Value);
        }

        foreach (var child in children.Where(c => c.Terminal is not null))
        {
            if (!child.IsAnswer)
            {
                child.Update(options.NegativeReward);
            }
            else if (options.UseGoldReward)
            {
                child.Backup(child.Correct == true ? 1.0 : -1.0);
            }
            else
            {
                child.Backup(child.Value ?? 0);
            }
        }
    }

    private SearchResult Answer(SearchRun run, SearchContext context)
    {
        // The best-scored answers vote: PRM value at test time, Q (the ±1 backups) in data mode.
        var ranked = run.Root.Descendants()
            .Where(n => n.IsAnswer)
            .Select((n, order) => (Node: n, Order: order))
            .OrderByDescending(x => options.UseGoldReward ? x.Node.Q : x.Node.Value ?? double.NegativeInfinity)
            .ThenBy(x => x.Order)
            .Select(x => x.Node)
            .ToList();
        if (ranked.Count == 0)
        {
            return run.Finish(null, null, []);
        }

        var top = ranked.Take(options.TopTrajectories).ToList();
        var clusters = MajorityVote.Vote(top.Select(n => n.Answer).ToList(), context.Checker);
        var winner = top[clusters[0].Members[0]];
        var candidates = clusters.Select(c => SearchRun.Candidate(top[c.Members[0]], c.Votes, c.Weight)).ToList();
        return run.Finish(winner.Answer, winner, candidates);
    }
}
