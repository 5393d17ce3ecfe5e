namespace Mario.Tool.Running;

/// <summary>What a solver returns for one problem.</summary>
/// <param name="Answer">The final answer string chosen by the solver, or null when none could be extracted.</param>
/// <param name="Completion">The completion, or the chosen trajectory's text.</param>
/// <param name="Candidates">Answers considered, with votes and score, best first (may be empty).</param>
/// <param name="Usage">Resources spent.</param>
/// <param name="TreeJson">Optional search tree as a JSON document (written verbatim into the sample line), or null.</param>
/// <param name="NoAnswer">Why no answer was found (null when <paramref name="Answer"/> is set).</param>
/// <param name="PromptSha256">sha256 (hex) of the problem's first prompt, or null.</param>
public sealed record SolveRecord(
    string? Answer,
    string Completion,
    IReadOnlyList<SolveCandidate> Candidates,
    SolveUsage Usage,
    string? TreeJson = null,
    Mario.Search.NoAnswerReason? NoAnswer = null,
    string? PromptSha256 = null);
