using System.Text.Json;
using System.Text.Json.Serialization;
using Mario.Search;

namespace Mario.Tool.Runs;

/// <summary>
/// One line of <c>samples.jsonl</c>: one finished problem. Written and read only through <see cref="RunJson"/>
/// (docs/run-files.md documents the fields; docs/schemas/sample-line.schema.json is its JSON Schema).
/// </summary>
/// <param name="Id">Problem id from the suite.</param>
/// <param name="Gold">Gold answer after the manifest's gold extraction.</param>
/// <param name="Completion">The completion, or the chosen trajectory's text; empty when the problem errored.</param>
/// <param name="Answer">The predicted final answer, or null when none was found.</param>
/// <param name="Correct">True when the verdict is equivalent.</param>
/// <param name="Verdict">The grading verdict, or null when the problem errored.</param>
/// <param name="Candidates">Candidate answers the solver considered, best first.</param>
/// <param name="Usage">Resources the problem took.</param>
/// <param name="Error">Why solving failed (<c>ExceptionType: message</c>), or null.</param>
/// <param name="NoAnswerReason">Why no answer was found, or null when there is one.</param>
/// <param name="Question">The question as posed (null on lines written before it was recorded).</param>
/// <param name="PromptSha256">sha256 (hex) of the first prompt the policy saw: instructions, few-shots and question in the step format; null when solving failed before a prompt was built.</param>
/// <param name="Level">The suite's difficulty level for the problem (e.g. MATH's <c>3</c>), or null (then omitted).</param>
/// <param name="Subject">The suite's subject for the problem (e.g. <c>Algebra</c>), or null (then omitted).</param>
/// <param name="Tree">The search tree (docs/search.md), or null (then omitted).</param>
public sealed record SampleLine(
    string Id,
    string Gold,
    string Completion,
    string? Answer,
    bool Correct,
    SampleVerdict? Verdict,
    IReadOnlyList<SampleCandidate> Candidates,
    SampleUsage Usage,
    string? Error,
    NoAnswerReason? NoAnswerReason = null,
    string? Question = null,
    string? PromptSha256 = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Level = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Subject = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Tree = null)
{
    /// <summary>
    /// The line with every string made writable: model output is hostile input, and a lone UTF-16 surrogate (after a
    /// JSON <c>\ud800</c> escape, or a cut inside a pair) cannot be written as UTF-8, so it becomes U+FFFD.
    /// </summary>
    public SampleLine Cleaned() => this with
    {
        Id = JsonText.Clean(Id),
        Gold = JsonText.Clean(Gold),
        Completion = JsonText.Clean(Completion),
        Answer = Answer is null ? null : JsonText.Clean(Answer),
        Verdict = Verdict is null ? null : Verdict with { Reason = JsonText.Clean(Verdict.Reason) },
        Candidates = Candidates.Select(c => c with { Answer = JsonText.Clean(c.Answer) }).ToList(),
        Error = Error is null ? null : JsonText.Clean(Error),
        Question = Question is null ? null : JsonText.Clean(Question),
        Level = Level is null ? null : JsonText.Clean(Level),
        Subject = Subject is null ? null : JsonText.Clean(Subject),
    };
}
