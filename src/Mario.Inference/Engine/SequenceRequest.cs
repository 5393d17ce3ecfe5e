using Mario.Models;

namespace Mario.Inference.Engine;

/// <summary>One sample to generate at the token level.</summary>
/// <param name="Prompt">Prompt token ids, at least one.</param>
/// <param name="Sampling">Temperature, top-p, top-k, token budget and seed.</param>
/// <param name="SampleIndex">j in "sample j of its request": with the seed it fixes the sampler's RNG.</param>
/// <param name="Observer">Optional stop-condition hook.</param>
public sealed record SequenceRequest(IReadOnlyList<int> Prompt, SamplingOptions Sampling, int SampleIndex = 0, ITokenObserver? Observer = null);
