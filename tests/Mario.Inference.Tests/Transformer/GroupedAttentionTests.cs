using Mario.Inference.Transformer;

namespace Mario.Inference.Tests.Transformer;

/// <summary>The vector attention kernel against a naive double-precision softmax-attention loop on seeded data.</summary>
public sealed unsafe class GroupedAttentionTests
{
    [Theory]
    [InlineData(1, 8, 1, 1)]
    [InlineData(3, 32, 2, 1)]
    [InlineData(3, 32, 2, 2)]
    [InlineData(3, 32, 2, 257)]
    [InlineData(7, 64, 2, 300)]
    [InlineData(2, 128, 4, 33)]
    [InlineData(5, 24, 1, 7)]
    public void Run_MatchesNaiveAttention_OverAScatteredPath(int group, int headDim, int kvHeads, int length)
    {
        if (!GroupedAttention.Supports(headDim))
        {
            return; // no 256-bit FMA on this CPU: the engine takes the span path, which the model fixtures cover
        }

        var rowStride = kvHeads * headDim;
        var slots = length * 2 + 3;
        var random = new Random(length * 31 + group);
        float Next() => (float)(random.NextDouble() * 2 - 1);
        var keys = new float[slots * rowStride];
        var values = new float[slots * rowStride];
        for (var i = 0; i < keys.Length; i++)
        {
            keys[i] = Next() * 3;
            values[i] = Next();
        }

        var q = new float[group * headDim];
        for (var i = 0; i < q.Length; i++)
        {
            q[i] = Next() * 3;
        }

        // A path that jumps around the cache, like the prefix tree's shared slots do.
        var path = new int[length];
        for (var t = 0; t < length; t++)
        {
            path[t] = (t * 7 + 3) % slots;
        }

        var headOffset = (kvHeads - 1) * headDim;
        var scale = 1f / MathF.Sqrt(headDim);
        var output = new float[group * headDim];
        fixed (float* k = keys, v = values)
        {
            GroupedAttention.Run(q, group, headDim, k, v, rowStride, headOffset, path, scale, new float[group * length], output);
        }

        for (var g = 0; g < group; g++)
        {
            var scores = new double[length];
            for (var t = 0; t < length; t++)
            {
                double dot = 0;
                for (var d = 0; d < headDim; d++)
                {
                    dot += (double)q[g * headDim + d] * keys[path[t] * rowStride + headOffset + d];
                }

                scores[t] = dot * scale;
            }

            var max = scores.Max();
            var weights = scores.Select(s => Math.Exp(s - max)).ToArray();
            var sum = weights.Sum();
            for (var d = 0; d < headDim; d++)
            {
                double expected = 0;
                for (var t = 0; t < length; t++)
                {
                    expected += weights[t] / sum * values[path[t] * rowStride + headOffset + d];
                }

                Assert.Equal(expected, output[g * headDim + d], 1e-5);
            }
        }
    }

    [Fact]
    public void Run_ScratchTooSmall_ThrowsInsteadOfWritingPastIt()
    {
        if (!GroupedAttention.Supports(8))
        {
            return;
        }

        var cache = (float*)System.Runtime.InteropServices.NativeMemory.AllocZeroed(64 * sizeof(float));
        try
        {
            var ex = Assert.Throws<ArgumentException>(() =>
                GroupedAttention.Run(new float[16], 2, 8, cache, cache, 8, 0, new[] { 0, 1, 2 }, 1f, new float[5], new float[16]));
            Assert.Contains("too small", ex.Message);
        }
        finally
        {
            System.Runtime.InteropServices.NativeMemory.Free(cache);
        }
    }
}
