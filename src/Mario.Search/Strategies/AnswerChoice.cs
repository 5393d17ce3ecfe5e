using Mario.Search.Tree;

namespace Mario.Search.Strategies;

/// <summary>The answer an <see cref="AnswerSelector"/> picked from a tree.</summary>
/// <param name="Answer">The final answer, or null when no branch reaches one.</param>
/// <param name="Node">The answer node, or null.</param>
/// <param name="Candidates">One entry per equivalence cluster of answers in the tree, best first under the selection.</param>
public sealed record AnswerChoice(string? Answer, SearchNode? Node, IReadOnlyList<AnswerCandidate> Candidates);
