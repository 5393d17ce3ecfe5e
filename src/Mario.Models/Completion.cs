namespace Mario.Models;

/// <summary>One generated continuation.</summary>
/// <param name="Text">Generated text, without the stop sequence that ended it.</param>
/// <param name="Finish">Why generation ended.</param>
/// <param name="StopSequence">The stop string that fired, or null (end-of-sequence token, length, overflow).</param>
/// <param name="PromptTokens">Tokens in the prompt as the backend counted them.</param>
/// <param name="CompletionTokens">Tokens generated.</param>
/// <param name="TokenLogProbs">Natural-log probability of each generated token, when the backend reports them.</param>
public sealed record Completion(
    string Text,
    FinishReason Finish,
    string? StopSequence,
    int PromptTokens,
    int CompletionTokens,
    IReadOnlyList<double>? TokenLogProbs)
{
    /// <summary>Mean natural-log probability per generated token, or null when unknown or empty.</summary>
    public double? MeanLogProb => TokenLogProbs is { Count: > 0 } lp ? lp.Average() : null;
}
