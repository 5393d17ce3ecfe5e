using System.Globalization;

namespace Mario.Search.Tree;

/// <summary>
/// One node of a search tree: a reasoning step with its statistics. The root (id <c>0</c>) holds no step; child i
/// of node <c>p</c> has id <c>p.i</c> (0-based, in generation order), e.g. <c>0.2.1</c>.
/// </summary>
public sealed class SearchNode
{
    private readonly List<SearchNode> _children = [];

    private SearchNode(string id, SearchNode? parent, StepKind kind, string text)
    {
        Id = id;
        Parent = parent;
        Depth = parent is null ? 0 : parent.Depth + 1;
        Kind = kind;
        Text = text;
    }

    /// <summary>Creates a root node (id <c>0</c>, depth 0, no text).</summary>
    public static SearchNode CreateRoot() => new("0", null, StepKind.Root, "");

    /// <summary>Path id, e.g. <c>0.2.1</c>.</summary>
    public string Id { get; }

    /// <summary>The parent, or null for the root.</summary>
    public SearchNode? Parent { get; }

    /// <summary>Children in generation order.</summary>
    public IReadOnlyList<SearchNode> Children => _children;

    /// <summary>Steps from the root: 0 for the root, 1 for its children.</summary>
    public int Depth { get; }

    /// <summary>What the step is.</summary>
    public StepKind Kind { get; }

    /// <summary>The node's text in the trajectory: the step plus any attached observation. Empty for the root.</summary>
    public string Text { get; }

    /// <summary>The code the step ran, or null.</summary>
    public string? Code { get; internal set; }

    /// <summary>True when the code step completes its code block (rStar chunks may not).</summary>
    public bool ClosesBlock { get; internal set; }

    /// <summary>The observation text (also kept for rStar chunks whose output is not attached), or null.</summary>
    public string? Observation { get; internal set; }

    /// <summary>True when this node's code failed (exception or timeout).</summary>
    public bool CodeFailed { get; internal set; }

    /// <summary>Consecutive failing code steps ending at this node (0 when its code ran, or it has none).</summary>
    public int ConsecutiveErrors { get; internal set; }

    /// <summary>The final answer of an <see cref="StepKind.Answer"/> node, or null.</summary>
    public string? Answer { get; internal set; }

    /// <summary>Whether <see cref="Answer"/> matches the gold answer, when a gold answer was known; else null.</summary>
    public bool? Correct { get; internal set; }

    /// <summary>Why the branch ends here, or null when it may be expanded.</summary>
    public TerminalReason? Terminal { get; internal set; }

    /// <summary>The parse failure reason of an invalid step, or null.</summary>
    public string? Error { get; internal set; }

    /// <summary>Prior in (0, 1]: exp of the mean token log-probability of the step; 1 when unknown and for the root.</summary>
    public double Prior { get; internal set; } = 1.0;

    /// <summary>Tokens generated for this step.</summary>
    public int GeneratedTokens { get; internal set; }

    /// <summary>Visit count N.</summary>
    public int Visits { get; internal set; }

    /// <summary>Sum W of the values backed up through this node.</summary>
    public double ValueSum { get; internal set; }

    /// <summary>Mean value Q = W / N, 0 when unvisited; in [-1, 1].</summary>
    public double Q => Visits == 0 ? 0 : ValueSum / Visits;

    /// <summary>
    /// The node's value estimate in [-1, 1]: the value model's score of the prefix ending at this step or, for a
    /// node never scored, the first value backed up through it (Super_MARIO's <c>value</c>); null when neither.
    /// </summary>
    public double? Value { get; internal set; }

    /// <summary>True when search found every child terminal or exhausted, so selection skips this node.</summary>
    public bool Exhausted { get; internal set; }

    /// <summary>True when the branch ends here: terminal or exhausted.</summary>
    public bool IsClosed => Terminal is not null || Exhausted;

    /// <summary>True when this is an answered node.</summary>
    public bool IsAnswer => Terminal == TerminalReason.Answered && Answer is not null;

    /// <summary>Adds a child with the next path id; the caller fills in its step fields.</summary>
    internal SearchNode AddChild(StepKind kind, string text)
    {
        var id = Id + "." + _children.Count.ToString(CultureInfo.InvariantCulture);
        var child = new SearchNode(id, this, kind, text);
        _children.Add(child);
        return child;
    }

    /// <summary>Adds one visit with value <paramref name="value"/> to this node only (rStar's node-local update).</summary>
    public void Update(double value)
    {
        Visits++;
        ValueSum += value;
        Value ??= value;
    }

    /// <summary>Adds one visit with <paramref name="value"/> to this node and every ancestor (no sign flip, no discount).</summary>
    public void Backup(double value)
    {
        for (var node = this; node is not null; node = node.Parent)
        {
            node.Update(value);
        }
    }

    /// <summary>Root-to-this path, root included.</summary>
    public IReadOnlyList<SearchNode> PathFromRoot()
    {
        var path = new List<SearchNode>();
        for (var node = this; node is not null; node = node.Parent)
        {
            path.Add(node);
        }

        path.Reverse();
        return path;
    }

    /// <summary>The node texts from the first step to this one (the root's empty text excluded).</summary>
    public IReadOnlyList<string> StepTexts() => PathFromRoot().Skip(1).Select(n => n.Text).ToList();

    /// <summary>Every node of the subtree rooted here, parents before children, children in order.</summary>
    public IEnumerable<SearchNode> Descendants()
    {
        var stack = new Stack<SearchNode>();
        stack.Push(this);
        while (stack.Count > 0)
        {
            var node = stack.Pop();
            yield return node;
            for (var i = node._children.Count - 1; i >= 0; i--)
            {
                stack.Push(node._children[i]);
            }
        }
    }

    /// <summary>Recreates a node from a dump record under <paramref name="parent"/>; used by <see cref="TreeDump"/>.</summary>
    internal static SearchNode Restore(SearchNode? parent, NodeRecord record)
    {
        var node = new SearchNode(record.Id, parent, record.Kind, record.Text)
        {
            Code = record.Code,
            ClosesBlock = record.ClosesBlock,
            Observation = record.Observation,
            CodeFailed = record.CodeFailed,
            ConsecutiveErrors = record.ConsecutiveErrors,
            Answer = record.Answer,
            Correct = record.Correct,
            Error = record.Error,
            Prior = record.Prior,
            GeneratedTokens = record.GeneratedTokens,
            Terminal = record.Terminal,
            Visits = record.Visits,
            ValueSum = record.ValueSum,
            Value = record.Value,
            Exhausted = record.Exhausted,
        };
        parent?._children.Add(node);
        return node;
    }
}
