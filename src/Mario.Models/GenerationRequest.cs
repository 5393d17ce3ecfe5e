namespace Mario.Models;

/// <summary>One prompt to continue, with its sampling settings and stop sequences.</summary>
/// <param name="Prompt">The raw text prompt (text completion, not chat).</param>
/// <param name="Sampling">Temperature, nucleus, top-k, token budget and seed.</param>
/// <param name="Stop">Stop strings; generation ends at the first one, which is not included in the text.</param>
/// <param name="Count">Number of independent samples, at least 1.</param>
public sealed record GenerationRequest(string Prompt, SamplingOptions Sampling, IReadOnlyList<string> Stop, int Count = 1);
