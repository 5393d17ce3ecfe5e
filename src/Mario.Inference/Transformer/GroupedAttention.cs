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
        Vector256.IsHardwareAccelerated && Fma.IsSupported && headDim > 0 && headDim % Vector256<float>.Count == 0;

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
            // scores[g, t] = scale * q_g · k_t
            for (var t = 0; t < length; t++)
            {
                var k = keys + (long)p[t] * rowStride + headOffset;
                for (var g = 0; g < group; g++)
                {
                    var qg = q0 + g * headDim;
                    var acc = Vector256<float>.Zero;
                    for (var c = 0; c < chunks; c++)
                    {
                        acc = Vector256.FusedMultiplyAdd(Vector256.Load(qg + c * 8), Vector256.Load(k + c * 8), acc);
                    }

                    s0[g * length + t] = Vector256.Sum(acc) * scale;
                }
            }

            // softmax over positions, per head
            for (var g = 0; g < group; g++)
            {
                Kernels.Softmax(scores.Slice(g * length, length));
            }

            // out[g, chunk] = sum_t p[g, t] * v_t[chunk]; two accumulators break the add chain
            for (var g = 0; g < group; g++)
            {
                var sg = s0 + g * length;
                for (var c = 0; c < chunks; c++)
                {
                    var a0 = Vector256<float>.Zero;
                    var a1 = Vector256<float>.Zero;
                    var v = values + headOffset + c * 8;
                    var t = 0;
                    for (; t + 1 < length; t += 2)
                    {
                        a0 = Vector256.FusedMultiplyAdd(Vector256.Create(sg[t]), Vector256.Load(v + (long)p[t] * rowStride), a0);
                        a1 = Vector256.FusedMultiplyAdd(Vector256.Create(sg[t + 1]), Vector256.Load(v + (long)p[t + 1] * rowStride), a1);
                    }

                    if (t < length)
                    {
                        a0 = Vector256.FusedMultiplyAdd(Vector256.Create(sg[t]), Vector256.Load(v + (long)p[t] * rowStride), a0);
                    }

                    (a0 + a1).Store(o0 + g * headDim + c * 8);
                }
            }
        }
    }
}
