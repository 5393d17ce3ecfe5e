using Mario.Eval;
using Mario.Search.Tree;

namespace Mario.Search.Export;

/// <summary>A rebuilt tree with each answer's verdict and, per node, how many graded answers below it are right or wrong.</summary>
internal sealed class GradedTree
{
    private readonly Dictionary<SearchNode, bool?> _verdicts = [];
    private readonly Dictionary<SearchNode, (int Positive, int Negative)> _counts = [];

    public GradedTree(TreeDump dump, string? gold, IEquivalenceChecker? checker)
    {
        Dump = dump;
        Root = dump.Rebuild();
        var goldAnswer = dump.Gold ?? gold;
        Gold = goldAnswer;
        foreach (var node in Root.Descendants().Where(n => n.IsAnswer))
        {
            _verdicts[node] = node.Correct
                ?? (goldAnswer is not null && checker is not null ? checker.Check(goldAnswer, node.Answer!).IsEquivalent : null);
        }

        Count(Root);
    }

    public TreeDump Dump { get; }

    /// <summary>The gold answer the verdicts were taken against, when known.</summary>
    public string? Gold { get; }

    public SearchNode Root { get; }

    /// <summary>Terminal leaves in tree order.</summary>
    public IEnumerable<SearchNode> Leaves() => Root.Descendants().Where(n => n.Children.Count == 0 && n.Terminal is not null);

    /// <summary>True or false for a graded answer; null for an ungraded answer or a non-answer.</summary>
    public bool? Verdict(SearchNode node) => _verdicts.GetValueOrDefault(node);

    /// <summary>Correct answers at or below <paramref name="node"/>.</summary>
    public int Positives(SearchNode node) => _counts[node].Positive;

    /// <summary>Wrong answers at or below <paramref name="node"/> (invalid ends are not counted, as in the reference).</summary>
    public int Negatives(SearchNode node) => _counts[node].Negative;

    private (int, int) Count(SearchNode node)
    {
        var verdict = Verdict(node);
        var (positive, negative) = (verdict == true ? 1 : 0, verdict == false ? 1 : 0);
        foreach (var child in node.Children)
        {
            var (p, n) = Count(child);
            positive += p;
            negative += n;
        }

        _counts[node] = (positive, negative);
        return (positive, negative);
    }
}
