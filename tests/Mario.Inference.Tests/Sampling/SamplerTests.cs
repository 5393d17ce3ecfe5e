using Mario.Inference.Sampling;

namespace Mario.Inference.Tests.Sampling;

public sealed class SamplerTests
{
    private static readonly float[] Logits = [MathF.Log(0.5f), MathF.Log(0.3f), MathF.Log(0.15f), MathF.Log(0.05f)];

    private static int[] Histogram(float temperature, float topP, int topK, int draws = 20000)
    {
        var sampler = new Sampler(Logits.Length);
        var rng = SampleSeed.Derive(42, 0);
        var counts = new int[Logits.Length];
        for (var i = 0; i < draws; i++)
        {
            counts[sampler.Sample(Logits, temperature, topP, topK, ref rng, out _)]++;
        }

        return counts;
    }

    [Fact]
    public void Greedy_PicksTheArgmax_AndReportsItsLogProb()
    {
        var rng = 1UL;

        var id = new Sampler(4).Sample(Logits, 0f, 1f, 0, ref rng, out var logProb);

        Assert.Equal(0, id);
        Assert.Equal(Math.Log(0.5), logProb, 5);
    }

    [Theory]
    [InlineData(1f, 1f, 0, new[] { 0.5, 0.3, 0.15, 0.05 })]
    [InlineData(1f, 1f, 2, new[] { 0.625, 0.375, 0, 0 })]
    [InlineData(1f, 0.7f, 0, new[] { 0.625, 0.375, 0, 0 })]
    [InlineData(1f, 0.9f, 0, new[] { 0.5 / 0.95, 0.3 / 0.95, 0.15 / 0.95, 0 })]
    [InlineData(1f, 0.9f, 1, new[] { 1.0, 0, 0, 0 })]
    public void Sample_FollowsTheFilteredDistribution(float temperature, float topP, int topK, double[] expected)
    {
        var counts = Histogram(temperature, topP, topK);

        for (var i = 0; i < expected.Length; i++)
        {
            Assert.InRange(counts[i] / 20000.0, expected[i] - 0.015, expected[i] + 0.015);
        }
    }

    [Fact]
    public void LowTemperature_SharpensTowardsTheArgmax()
    {
        var counts = Histogram(0.2f, 1f, 0);

        Assert.True(counts[0] > 18000, $"argmax drawn {counts[0]} of 20000 times");
    }

    [Fact]
    public void SameSeedAndSampleIndex_GiveTheSameDraws_OtherIndexesDiffer()
    {
        static int[] Draws(ulong seed, int j)
        {
            var sampler = new Sampler(Logits.Length);
            var rng = SampleSeed.Derive(seed, j);
            var draws = new int[64];
            for (var i = 0; i < draws.Length; i++)
            {
                draws[i] = sampler.Sample(Logits, 1f, 1f, 0, ref rng, out _);
            }

            return draws;
        }

        Assert.Equal(Draws(7, 3), Draws(7, 3));
        Assert.NotEqual(Draws(7, 3), Draws(7, 4));
        Assert.NotEqual(Draws(7, 3), Draws(8, 3));
    }
}
