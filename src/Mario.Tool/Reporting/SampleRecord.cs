using Mario.Eval;
using Mario.Tool.Running;

namespace Mario.Tool.Reporting;

/// <summary>
/// One line of <c>samples.jsonl</c>. Field names on disk (camelCase): <c>id</c>, <c>gold</c>, <c>completion</c>,
/// <c>answer</c> (extracted prediction or null), <c>correct</c>, <c>verdict</c> {outcome, method, reason} (null when
/// the problem errored), <c>candidates</c> [{answer, votes, score}], <c>usage</c> {promptTokens, generatedTokens,
/// modelCalls, sandboxRuns, steps, elapsedMs}, <c>error</c> (null or a message), <c>noAnswerReason</c> (null, or
/// why no answer was found: format-mismatch, context-overflow, max-depth, token-budget, code-errors, unfinished,
/// error) and, when the solver produced one,
/// <c>tree</c> (the solver's JSON, verbatim).
/// </summary>
/// <param name="Id">Problem id.</param>
/// <param name="Gold">Gold answer.</param>
/// <param name="Completion">Completion or chosen trajectory text ("" on error).</param>
/// <param name="Answer">Predicted answer, or null.</param>
/// <param name="Correct">True when the verdict is equivalent.</param>
/// <param name="Verdict">The grading verdict, or null on error.</param>
/// <param name="Candidates">Candidates considered.</param>
/// <param name="Usage">Resources spent.</param>
/// <param name="Error">Why the problem failed, or null.</param>
/// <param name="TreeJson">Optional tree JSON.</param>
/// <param name="NoAnswer">Why the problem ended without an answer (written as <c>noAnswerReason</c>, kebab case), or null when it has one.</param>
public sealed record SampleRecord(
    string Id,
    string Gold,
    string Completion,
    string? Answer,
    bool Correct,
    Verdict? Verdict,
    IReadOnlyList<SolveCandidate> Candidates,
    SolveUsage Usage,
    string? Error,
    string? TreeJson,
    Mario.Search.NoAnswerReason? NoAnswer = null);
