namespace Mario.Tool.Serving.Wire;

/// <summary>One choice of a completion answer: vLLM's fields, and the sample's own token counts (a mario extra).</summary>
/// <param name="Index">Position in <c>choices</c>; prompt index × n + sample index.</param>
/// <param name="Text">The continuation; the stop string is included only with <c>include_stop_str_in_output</c>.</param>
/// <param name="Logprobs">Per-token log-probabilities when the request set <c>logprobs</c>; else null.</param>
/// <param name="FinishReason">"stop" (stop string or end-of-sequence token) or "length" (max_tokens or the context window).</param>
/// <param name="StopReason">The stop string that fired, or null (end-of-sequence token or length).</param>
/// <param name="PromptTokens">Tokens in this choice's prompt (mario extra).</param>
/// <param name="CompletionTokens">Tokens generated for this choice, the end-of-sequence or stop-completing token included (mario extra).
/// A "length" finish with fewer tokens than max_tokens means the context window ran out.</param>
public sealed record CompletionChoiceBody(
    int Index,
    string Text,
    LogprobsBody? Logprobs,
    string FinishReason,
    string? StopReason,
    int PromptTokens,
    int CompletionTokens);
