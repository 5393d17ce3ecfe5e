using Mario.Eval;
using Mario.Eval.Scoring;
using Mario.Search.Tree;

namespace Mario.Search.Strategies;

/// <summary>
/// Picks the final answer from a finished tree with no model call, so one search supports many selections; works on
/// live trees and on trees rebuilt from a dump (Super_MARIO's offline_inference.py).
/// </summary>
/// <remarks>
/// For Q, value and visits: branches with no answer node below them are pruned, then a layer-wise beam of
/// <c>width</c> descends from the root taking the best children by the key; answers met on the way are collected
/// (each shrinks the width) and the best collected answer by the same key wins. With width 1 this is a greedy
/// descent. Ties go to the lower child index. For votes: every answer node in the tree votes, ordered by Q so that
/// equal-weight clusters fall to the higher-Q one.
/// </remarks>
public static class AnswerSelector
{
    /// <summary>Selects an answer from the tree rooted at <paramref name="root"/>.</summary>
    /// <param name="root">The tree's root.</param>
    /// <param name="selection">The key.</param>
    /// <param name="checker">Equivalence, to cluster candidates and votes.</param>
    /// <param name="width">Beam width of the descent, at least 1 (reference offline_inference: B1 = 1).</param>
    public static AnswerChoice Select(SearchNode root, AnswerSelection selection, IEquivalenceChecker checker, int width = 1)
    {
        ArgumentNullException.ThrowIfNull(root);
        ArgumentNullException.ThrowIfNull(checker);
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 1);

        var answers = root.Descendants().Where(n => n.IsAnswer).ToList();
        if (answers.Count == 0)
        {
            return new AnswerChoice(null, null, []);
        }

        if (selection == AnswerSelection.Votes)
        {
            var byQ = answers.OrderByDescending(n => n.Q).ToList();
            var clusters = MajorityVote.Vote(byQ.Select(n => n.Answer).ToList(), checker);
            var winner = byQ[clusters[0].Members[0]];
            return new AnswerChoice(
                winner.Answer, winner, clusters.Select(c => SearchRun.Candidate(byQ[c.Members[0]], c.Votes, c.Weight)).ToList());
        }

        var chosen = Descend(root, selection, width);
        var ranked = answers.OrderByDescending(n => Key(n, selection)).ToList();
        var candidates = MajorityVote.Vote(ranked.Select(n => n.Answer).ToList(), checker)
            .Select(c => (Cluster: c, Best: ranked[c.Members[0]]))
            .OrderByDescending(x => Key(x.Best, selection))
            .ThenBy(x => x.Cluster.Members[0])
            .Select(x => SearchRun.Candidate(x.Best, x.Cluster.Votes, Key(x.Best, selection)))
            .ToList();
        return new AnswerChoice(chosen?.Answer, chosen, candidates);
    }

    /// <summary>Re-selects the answer of a saved tree (no model, value model or sandbox involved).</summary>
    /// <param name="dump">A dump from a search or from <see cref="TreeDump.Parse(string)"/>.</param>
    /// <param name="selection">The key.</param>
    /// <param name="checker">Equivalence, to cluster candidates and votes.</param>
    /// <param name="width">Beam width of the descent, at least 1.</param>
    public static AnswerChoice Select(TreeDump dump, AnswerSelection selection, IEquivalenceChecker checker, int width = 1)
    {
        ArgumentNullException.ThrowIfNull(dump);
        return Select(dump.Rebuild(), selection, checker, width);
    }

    /// <summary>The ranking key of a node under <paramref name="selection"/> (missing values rank last).</summary>
    public static double Key(SearchNode node, AnswerSelection selection)
    {
        ArgumentNullException.ThrowIfNull(node);
        return selection switch
        {
            AnswerSelection.QValue => node.Q,
            AnswerSelection.Value => node.Value ?? double.NegativeInfinity,
            AnswerSelection.Visits => node.Visits,
            AnswerSelection.Votes => node.Q,
            _ => throw new ArgumentOutOfRangeException(nameof(selection), selection, "Unknown answer selection."),
        };
    }

    private static SearchNode? Descend(SearchNode root, AnswerSelection selection, int width)
    {
        var reachesAnswer = new HashSet<SearchNode>();
        MarkReachesAnswer(root, reachesAnswer);
        var collected = new List<SearchNode>();
        var frontier = new List<SearchNode> { root };
        while (frontier.Count > 0 && width > 0)
        {
            var layer = frontier
                .SelectMany(n => n.Children)
                .Where(reachesAnswer.Contains)
                .Select((n, order) => (Node: n, Order: order))
                .OrderByDescending(x => Key(x.Node, selection))
                .ThenBy(x => x.Order)
                .Take(width)
                .Select(x => x.Node)
                .ToList();
            frontier = [];
            foreach (var node in layer)
            {
                if (node.IsAnswer)
                {
                    collected.Add(node);
                    width--;
                }
                else
                {
                    frontier.Add(node);
                }
            }
        }

        return collected.Select((n, order) => (Node: n, Order: order))
            .OrderByDescending(x => Key(x.Node, selection))
            .ThenBy(x => x.Order)
            .Select(x => x.Node)
            .FirstOrDefault();
    }

    private static bool MarkReachesAnswer(SearchNode node, HashSet<SearchNode> marked)
    {
        var reaches = node.IsAnswer;
        foreach (var child in node.Children)
        {
            reaches |= MarkReachesAnswer(child, marked);
        }

        if (reaches)
        {
            marked.Add(node);
        }

        return reaches;
    }
}
