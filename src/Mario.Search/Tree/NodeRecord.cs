using System.Text.Json.Serialization;

namespace Mario.Search.Tree;

/// <summary>One node of a <see cref="TreeDump"/>: every field of <see cref="SearchNode"/>, flat, keyed by path id.</summary>
/// <param name="Id">Path id, e.g. <c>0.2.1</c>; the root is <c>0</c>.</param>
/// <param name="Kind">What the step is.</param>
/// <param name="Text">Node text (step plus attached observation); empty for the root.</param>
/// <param name="Code">Code the step ran, or null.</param>
/// <param name="ClosesBlock">True when the code step completes its block.</param>
/// <param name="Observation">Observation text, or null.</param>
/// <param name="CodeFailed">True when the step's code raised or timed out.</param>
/// <param name="ConsecutiveErrors">Consecutive failing code steps ending here.</param>
/// <param name="Answer">Final answer of an answer step, or null.</param>
/// <param name="Correct">Whether the answer matched the gold answer, when one was known; else null.</param>
/// <param name="Error">Why the step was invalid, or null.</param>
/// <param name="Terminal">Why the branch ends here, or null.</param>
/// <param name="Exhausted">True when search found nothing left to expand below this node.</param>
/// <param name="Prior">exp(mean token log-probability) in (0, 1].</param>
/// <param name="GeneratedTokens">Tokens generated for the step.</param>
/// <param name="Visits">Visit count N.</param>
/// <param name="ValueSum">Value sum W.</param>
/// <param name="Q">W / N (0 when N is 0), written for readers; recomputed on load.</param>
/// <param name="Value">Value estimate in [-1, 1], or null.</param>
public sealed record NodeRecord(
    string Id,
    StepKind Kind,
    string Text,
    string? Code,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool ClosesBlock,
    string? Observation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool CodeFailed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] int ConsecutiveErrors,
    string? Answer,
    bool? Correct,
    string? Error,
    TerminalReason? Terminal,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)] bool Exhausted,
    double Prior,
    int GeneratedTokens,
    int Visits,
    double ValueSum,
    double Q,
    double? Value)
{
    /// <summary>The record of a live node.</summary>
    public static NodeRecord Of(SearchNode node)
    {
        ArgumentNullException.ThrowIfNull(node);
        return new NodeRecord(
            node.Id, node.Kind, node.Text, node.Code, node.ClosesBlock, node.Observation, node.CodeFailed,
            node.ConsecutiveErrors, node.Answer, node.Correct, node.Error, node.Terminal, node.Exhausted, node.Prior,
            node.GeneratedTokens, node.Visits, node.ValueSum, node.Q, node.Value);
    }
}
