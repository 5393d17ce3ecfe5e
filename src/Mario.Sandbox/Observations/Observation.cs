namespace Mario.Sandbox.Observations;

/// <summary>The text that goes back into the trajectory after a code step, and whether it counts as an error.</summary>
/// <param name="Text">The formatted observation (already truncated and stripped).</param>
/// <param name="IsError">
/// True when the step counts as a code error (Super_MARIO: consecutive errors end an MCTS branch past a threshold;
/// rStar: an error ends the branch).
/// </param>
public sealed record Observation(string Text, bool IsError);
