using Mario.Search.Tree;

namespace Mario.Search;

/// <summary>Reads why a search found no answer from its tree: the commonest way its branches ended.</summary>
public static class NoAnswerReasons
{
    /// <summary>
    /// The commonest terminal reason among the tree's nodes that end a branch without an answer, mapped to a
    /// <see cref="NoAnswerReason"/>; ties go to the reason listed first in <see cref="NoAnswerReason"/>.
    /// <see cref="NoAnswerReason.Unfinished"/> when no branch ended.
    /// </summary>
    public static NoAnswerReason Classify(TreeDump tree)
    {
        ArgumentNullException.ThrowIfNull(tree);
        Span<int> counts = stackalloc int[Enum.GetValues<NoAnswerReason>().Length];
        foreach (var node in tree.Nodes)
        {
            if (node.Terminal is { } terminal && Map(terminal) is { } reason)
            {
                counts[(int)reason]++;
            }
        }

        var best = NoAnswerReason.Unfinished;
        var bestCount = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            if (counts[i] > bestCount)
            {
                best = (NoAnswerReason)i;
                bestCount = counts[i];
            }
        }

        return best;
    }

    private static NoAnswerReason? Map(TerminalReason terminal) => terminal switch
    {
        TerminalReason.Answered => null,
        TerminalReason.Unparsable => NoAnswerReason.FormatMismatch,
        TerminalReason.ContextOverflow => NoAnswerReason.ContextOverflow,
        TerminalReason.MaxDepth => NoAnswerReason.MaxDepth,
        TerminalReason.TokenBudget => NoAnswerReason.TokenBudget,
        TerminalReason.TooManyCodeErrors => NoAnswerReason.CodeErrors,
        _ => throw new ArgumentOutOfRangeException(nameof(terminal), terminal, "unknown terminal reason"),
    };
}
