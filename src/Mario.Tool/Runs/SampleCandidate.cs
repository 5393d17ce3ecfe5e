namespace Mario.Tool.Runs;

/// <summary>A candidate final answer on a sample line.</summary>
/// <param name="Answer">The answer string.</param>
/// <param name="Votes">How many trajectories reached it, at least 1.</param>
/// <param name="Score">The solver's score (a value in [-1, 1], a Q estimate or a reward), or null; never NaN or infinite.</param>
/// <param name="Correct">The candidate's own verdict against the gold answer (so pass@k and coverage can be computed from the file).</param>
public sealed record SampleCandidate(string Answer, int Votes, double? Score, bool Correct = false);
