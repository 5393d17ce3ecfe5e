using Mario.Models;

namespace Mario.Inference.Engine;

/// <summary>The tokens generated for one <see cref="SequenceRequest"/>.</summary>
/// <param name="Tokens">Sampled ids in order, including an end-of-sequence token or the token that completed a stop string.</param>
/// <param name="LogProbs">ln p of each sampled token under softmax of the unscaled logits (same length as Tokens).</param>
/// <param name="Finish">Why it ended.</param>
/// <param name="PromptTokens">Length of the prompt.</param>
public sealed record SequenceResult(IReadOnlyList<int> Tokens, IReadOnlyList<float> LogProbs, FinishReason Finish, int PromptTokens);
