using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mario.Inference.Transformer;

/// <summary>
/// Attention of one token's query heads that share a key/value head, over that token's cached path, with the
/// head dimension unrolled into 256-bit vectors. For the small heads of mario's embedded model (32 floats) a
/// <c>TensorPrimitives.Dot</c> per position costs more in call overhead than in arithmetic; here each key and value
/// row is read straight from the cache and folded into register accumulators.
/// </summary>
internal static unsafe class GroupedAttention
{
    /// <summary>Whether the vector path handles heads of <paramref name="headDim"/> floats on this CPU.</summary>
    public static bool Supports(int headDim) =>
        Vector256.IsHardwareAccelerated && Avx.IsSupported && Fma.IsSupported && headDim > 0 && headDim % Vector256<float>.Count == 0;

    /// <summary>
    /// For each of <paramref name="group"/> query heads g (consecutive rows of <paramref name="headDim"/> floats at
    /// <paramref name="q"/>): <c>out_g = softmax_t(scale * q_g · k_t) · v_t</c> over positions t of
    /// <paramref name="path"/>, where k_t and v_t are <paramref name="headDim"/> floats at
    /// <c>keys/values + path[t] * rowStride + headOffset</c>.
    /// </summary>
    /// <param name="q">Queries: (group, headDim).</param>
    /// <param name="group">Query heads sharing this key/value head, at least 1.</param>
    /// <param name="headDim">Floats per head, a positive multiple of 8 (see <see cref="Supports"/>).</param>
    /// <param name="keys">Key cache of one layer: (slots, rowStride).</param>
    /// <param name="values">Value cache of one layer: (slots, rowStride).</param>
    /// <param name="rowStride">Floats per cache slot (the KV width).</param>
    /// <param name="headOffset">Offset of this KV head inside a slot, in floats.</param>
    /// <param name="path">Cache slot of each position, length = positions attended (at least 1).</param>
    /// <param name="scale">Score scale, 1/sqrt(headDim).</param>
    /// <param name="scores">Scratch: at least group * path.Length floats.</param>
    /// <param name="output">Result: (group, headDim).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Run(
        ReadOnlySpan<float> q, int group, int headDim, float* keys, float* values, int rowStride, int headOffset,
        ReadOnlySpan<int> path, float scale, Span<float> scores, Span<float> output)
    {
        var length = path.Length;
        if (length == 0 || q.Length < group * headDim || scores.Length < group * length || output.Length < group * headDim)
        {
            throw new ArgumentException($"attention buffers too small for {group} heads of {headDim} over {length} positions");
        }

        var chunks = headDim / Vector256<float>.Count;
        fixed (float* q0 = q, s0 = scores, o0 = output)
        fixed (int* p = path)
        {
            Scores(q0, group, chunks, keys + headOffset, rowStride, p, length, scale, s0);

            // softmax over positions, per head
            for (var g = 0; g < group; g++)
            {
                Kernels.Softmax(scores.Slice(g * length, length));
            }

            // out[g] = sum_t w[g, t] * v_t (w: the softmaxed scores), up to four heads and two chunks at a time, so
            // that each value row is read from memory once per block instead of once per head and chunk
            for (var g = 0; g < group; g += 4)
            {
                for (var c = 0; c < chunks; c += 2)
                {
                    WeightedValues(s0 + g * length, Math.Min(4, group - g), length, values + headOffset + c * 8, rowStride,
                        p, c + 1 < chunks, o0 + g * headDim + c * 8, headDim);
                }
            }
        }
    }

    /// <summary>
    /// scores[g, t] = scale * q_g · k_t, with <paramref name="keys"/> already at this KV head's offset; four positions
    /// at a time, reduced together by horizontal adds.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scores(float* q, int group, int chunks, float* keys, int rowStride, int* p, int length, float scale, float* s)
    {
        var t = 0;
        for (; t + 3 < length; t += 4)
        {
            var k0 = keys + (long)p[t] * rowStride;
            var k1 = keys + (long)p[t + 1] * rowStride;
            var k2 = keys + (long)p[t + 2] * rowStride;
            var k3 = keys + (long)p[t + 3] * rowStride;
            for (var g = 0; g < group; g++)
            {
                var qg = q + g * chunks * 8;
                Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
                for (var c = 0; c < chunks * 8; c += 8)
                {
                    var qc = Vector256.Load(qg + c);
                    a0 = Vector256.FusedMultiplyAdd(qc, Vector256.Load(k0 + c), a0);
                    a1 = Vector256.FusedMultiplyAdd(qc, Vector256.Load(k1 + c), a1);
                    a2 = Vector256.FusedMultiplyAdd(qc, Vector256.Load(k2 + c), a2);
                    a3 = Vector256.FusedMultiplyAdd(qc, Vector256.Load(k3 + c), a3);
                }

                // each 128-bit lane of h holds the four dot products' partial sums over that lane's half
                var h = Avx.HorizontalAdd(Avx.HorizontalAdd(a0, a1), Avx.HorizontalAdd(a2, a3));
                ((h.GetLower() + h.GetUpper()) * scale).Store(s + g * length + t);
            }
        }

        for (; t < length; t++)
        {
            var k = keys + (long)p[t] * rowStride;
            for (var g = 0; g < group; g++)
            {
                var qg = q + g * chunks * 8;
                var acc = Vector256<float>.Zero;
                for (var c = 0; c < chunks * 8; c += 8)
                {
                    acc = Vector256.FusedMultiplyAdd(Vector256.Load(qg + c), Vector256.Load(k + c), acc);
                }

                s[g * length + t] = Vector256.Sum(acc) * scale;
            }
        }
    }

    /// <summary>
    /// For heads g &lt; <paramref name="heads"/> (at most 4) and one or two chunks of 8 floats at <paramref name="v"/>
    /// in each value row: out[g] = sum_t w[g, t] * v_t, accumulated in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void WeightedValues(float* w, int heads, int length, float* v, int rowStride, int* p, bool two, float* output, int headDim)
    {
        Vector256<float> x00 = default, x01 = default, x10 = default, x11 = default;
        Vector256<float> x20 = default, x21 = default, x30 = default, x31 = default;
        for (var t = 0; t < length; t++)
        {
            var row = v + (long)p[t] * rowStride;
            var v0 = Vector256.Load(row);
            var v1 = two ? Vector256.Load(row + 8) : default;
            var b = Vector256.Create(w[t]);
            x00 = Vector256.FusedMultiplyAdd(b, v0, x00);
            x01 = Vector256.FusedMultiplyAdd(b, v1, x01);
            if (heads > 1)
            {
                b = Vector256.Create(w[length + t]);
                x10 = Vector256.FusedMultiplyAdd(b, v0, x10);
                x11 = Vector256.FusedMultiplyAdd(b, v1, x11);
            }

            if (heads > 2)
            {
                b = Vector256.Create(w[2 * length + t]);
                x20 = Vector256.FusedMultiplyAdd(b, v0, x20);
                x21 = Vector256.FusedMultiplyAdd(b, v1, x21);
            }

            if (heads > 3)
            {
                b = Vector256.Create(w[3 * length + t]);
                x30 = Vector256.FusedMultiplyAdd(b, v0, x30);
                x31 = Vector256.FusedMultiplyAdd(b, v1, x31);
            }
        }

        Store(output, x00, x01, two);
        if (heads > 1)
        {
            Store(output + headDim, x10, x11, two);
        }

        if (heads > 2)
        {
            Store(output + 2 * headDim, x20, x21, two);
        }

        if (heads > 3)
        {
            Store(output + 3 * headDim, x30, x31, two);
        }
    }

    private static void Store(float* output, Vector256<float> first, Vector256<float> second, bool two)
    {
        first.Store(output);
        if (two)
        {
            second.Store(output + 8);
        }
    }
}
