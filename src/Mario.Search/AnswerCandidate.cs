namespace Mario.Search;

/// <summary>One candidate final answer, as ranked by the strategy (best first).</summary>
/// <param name="Answer">The answer text.</param>
/// <param name="NodeId">The answer node that represents it (the best-ranked member of its cluster).</param>
/// <param name="Votes">Answer nodes that agree with it (equivalence clusters), at least 1.</param>
/// <param name="Score">The strategy's ranking score (aggregated PRM score, value, Q, visits or vote weight), or null.</param>
/// <param name="Q">Q of the representative node.</param>
/// <param name="Value">Value estimate of the representative node in [-1, 1], or null.</param>
/// <param name="Visits">Visits of the representative node.</param>
/// <param name="Correct">Whether it matches the gold answer, when search knew the gold; else null.</param>
public sealed record AnswerCandidate(
    string Answer, string NodeId, int Votes, double? Score, double Q, double? Value, int Visits, bool? Correct);
