using Mario.Models;

namespace Mario.Testing;

/// <summary>One canned sample of a <see cref="ScriptedLanguageModel"/>.</summary>
/// <param name="Text">Generated text, without the stop sequence.</param>
/// <param name="Stop">The stop sequence that "fired", or null for end of sequence.</param>
/// <param name="MeanLogProb">Mean token log-probability (so the prior is exp of it), at most 0.</param>
/// <param name="Finish">Why it ended.</param>
/// <param name="Tokens">Generated tokens to report; when 0, one per 4 characters (at least 1).</param>
public sealed record ScriptedCompletion(string Text, string? Stop, double MeanLogProb = -0.1, FinishReason Finish = FinishReason.Stop, int Tokens = 0)
{
    /// <summary>The completion the model returns for a prompt of <paramref name="promptTokens"/> tokens.</summary>
    public Completion ToCompletion(int promptTokens)
    {
        var tokens = Tokens > 0 ? Tokens : Math.Max(1, Text.Length / 4);
        return new Completion(Text, Finish, Finish == FinishReason.Stop ? Stop : null, promptTokens, tokens, Enumerable.Repeat(MeanLogProb, tokens).ToArray());
    }
}
