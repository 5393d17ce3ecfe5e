namespace Mario.Inference.Engine;

/// <summary>Resource settings of the CPU engine, validated once.</summary>
/// <param name="Threads">Worker threads for matmuls and attention, at least 1.</param>
/// <param name="MaxBatch">Most sequences decoded together in one forward call, at least 1.</param>
/// <param name="PrefillChunk">Most prompt tokens run through one forward call, at least 1.</param>
/// <param name="KvCacheTokens">Token slots in the shared prefix KV cache (memory is committed as it fills); also caps the context window.</param>
/// <param name="MaxContext">Caps the context window below the model's <c>max_position_embeddings</c>; null keeps the model's.</param>
/// <param name="VectorAttention">Use the 256-bit attention kernel where the CPU has AVX2 and FMA and the head dimension is a
/// multiple of 8 (the default); false keeps the portable span path everywhere (for comparing the two).</param>
public sealed record EngineOptions(int Threads, int MaxBatch = 16, int PrefillChunk = 64, int KvCacheTokens = 32768, int? MaxContext = null, bool VectorAttention = true)
{
    /// <summary>Defaults with one thread per processor.</summary>
    public static EngineOptions Default => new(Environment.ProcessorCount);

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Threads, 1, nameof(Threads));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxBatch, 1, nameof(MaxBatch));
        ArgumentOutOfRangeException.ThrowIfLessThan(PrefillChunk, 1, nameof(PrefillChunk));
        ArgumentOutOfRangeException.ThrowIfLessThan(KvCacheTokens, 2, nameof(KvCacheTokens));
        if (MaxContext is { } m)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(m, 2, nameof(MaxContext));
        }
    }
}
