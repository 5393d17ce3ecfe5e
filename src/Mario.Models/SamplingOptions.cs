namespace Mario.Models;

/// <summary>Sampling settings of a generation request.</summary>
/// <param name="Temperature">0 means greedy (argmax); otherwise in (0, 2].</param>
/// <param name="TopP">Nucleus mass in (0, 1]; 1 disables it.</param>
/// <param name="TopK">Keep the k most likely tokens; 0 disables it.</param>
/// <param name="MaxTokens">Upper bound on generated tokens per sample, at least 1.</param>
/// <param name="Seed">Seed of the sampler; sample j of a request uses a seed derived from this and j.</param>
/// <param name="MinP">Min-p filter in [0, 1): drop tokens below MinP times the top token's probability; 0 disables it
/// (honoured by servers; the in-process engine has no min-p).</param>
public sealed record SamplingOptions(float Temperature, float TopP = 1f, int TopK = 0, int MaxTokens = 256, ulong Seed = 0, float MinP = 0f)
{
    /// <summary>Greedy decoding with the given token budget.</summary>
    public static SamplingOptions Greedy(int maxTokens = 256) => new(0f, 1f, 0, maxTokens, 0);
}
