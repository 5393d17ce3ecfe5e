namespace Mario.Models;

/// <summary>A <see cref="Completion"/> as stored in the model-call cache.</summary>
/// <param name="Text">Generated text.</param>
/// <param name="Finish">Why it ended.</param>
/// <param name="StopSequence">The stop string that fired, or null.</param>
/// <param name="PromptTokens">Prompt tokens.</param>
/// <param name="CompletionTokens">Generated tokens.</param>
/// <param name="TokenLogProbs">Per-token log-probabilities, or null.</param>
public sealed record CachedCompletion(string Text, FinishReason Finish, string? StopSequence, int PromptTokens, int CompletionTokens, IReadOnlyList<double>? TokenLogProbs)
{
    /// <summary>The stored form of a completion.</summary>
    public static CachedCompletion From(Completion c)
    {
        ArgumentNullException.ThrowIfNull(c);
        return new(c.Text, c.Finish, c.StopSequence, c.PromptTokens, c.CompletionTokens, c.TokenLogProbs);
    }

    /// <summary>Back to a completion.</summary>
    public Completion ToCompletion() => new(Text, Finish, StopSequence, PromptTokens, CompletionTokens, TokenLogProbs);
}
