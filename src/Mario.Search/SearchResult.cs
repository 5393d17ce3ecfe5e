using Mario.Search.Tree;

namespace Mario.Search;

/// <summary>The outcome of searching one problem.</summary>
/// <param name="Strategy">The strategy name.</param>
/// <param name="Answer">The chosen final answer, or null when search found none.</param>
/// <param name="ChosenNodeId">The answer node behind <paramref name="Answer"/>, or null.</param>
/// <param name="Trajectory">The chosen path's node texts joined by the step format's delimiter; empty when none.</param>
/// <param name="Candidates">Distinct candidate answers, best first.</param>
/// <param name="Tree">The whole tree.</param>
/// <param name="Usage">Tokens, calls, runs and time.</param>
public sealed record SearchResult(
    string Strategy,
    string? Answer,
    string? ChosenNodeId,
    string Trajectory,
    IReadOnlyList<AnswerCandidate> Candidates,
    TreeDump Tree,
    SearchUsage Usage);
