namespace Mario.Tool.Running;

/// <summary>One candidate final answer.</summary>
/// <param name="Answer">The answer string.</param>
/// <param name="Votes">How many trajectories reached it, at least 1.</param>
/// <param name="Score">The solver's score for it (e.g. a value in [-1, 1] or a Q estimate), or null.</param>
public sealed record SolveCandidate(string Answer, int Votes, double? Score);
