namespace Mario.Tool.Serving.Wire;

/// <summary>Token counts of one request.</summary>
/// <param name="PromptTokens">Prompt tokens, each prompt counted once (not once per sample).</param>
/// <param name="CompletionTokens">Generated tokens over all choices (0 for pooling).</param>
/// <param name="TotalTokens">The sum of the two.</param>
public sealed record UsageBody(int PromptTokens, int CompletionTokens, int TotalTokens);
