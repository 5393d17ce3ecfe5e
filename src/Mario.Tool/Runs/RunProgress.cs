namespace Mario.Tool.Runs;

/// <summary>Progress of a run after a problem finishes.</summary>
/// <param name="Done">Problems finished in this invocation.</param>
/// <param name="Total">Problems this invocation set out to finish (excluding ones finished before a resume).</param>
/// <param name="Correct">Correct among <paramref name="Done"/>.</param>
/// <param name="Errors">Errored among <paramref name="Done"/>.</param>
public sealed record RunProgress(int Done, int Total, int Correct, int Errors);
