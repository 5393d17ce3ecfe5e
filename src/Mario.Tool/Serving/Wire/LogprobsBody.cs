namespace Mario.Tool.Serving.Wire;

/// <summary>
/// vLLM's legacy completion log-probability object. mario's engine reports the sampled token's natural-log probability
/// (under the softmax of the unscaled logits) for every generated token; it does not report top alternatives, token
/// texts or offsets, which are null.
/// </summary>
/// <param name="TokenLogprobs">One entry per generated token, the end-of-sequence or stop-completing token included.</param>
/// <param name="Tokens">Always null.</param>
/// <param name="TopLogprobs">Always null.</param>
/// <param name="TextOffset">Always null.</param>
public sealed record LogprobsBody(
    IReadOnlyList<double> TokenLogprobs,
    IReadOnlyList<string>? Tokens,
    IReadOnlyList<IReadOnlyDictionary<string, double>>? TopLogprobs,
    IReadOnlyList<int>? TextOffset);
