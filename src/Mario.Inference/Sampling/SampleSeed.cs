namespace Mario.Inference.Sampling;

/// <summary>Derives the RNG state of sample j of a request from the request's seed, so each sample is reproducible alone.</summary>
public static class SampleSeed
{
    /// <summary>A non-zero xorshift state from (<paramref name="seed"/>, <paramref name="sampleIndex"/>) via two SplitMix64 rounds.</summary>
    public static ulong Derive(ulong seed, int sampleIndex)
    {
        var z = SplitMix(seed) ^ SplitMix(0x9E3779B97F4A7C15UL * (ulong)(sampleIndex + 1));
        z = SplitMix(z);
        return z == 0 ? 0x2545F4914F6CDD1DUL : z;
    }

    private static ulong SplitMix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
