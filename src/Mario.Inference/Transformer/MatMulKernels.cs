using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mario.Inference.Transformer;

/// <summary>
/// The matmul micro-kernels over <see cref="WeightMatrix"/>'s packed layout: a block of rows is one linear stream
/// of 16-column tiles, so a thread walking its blocks reads memory strictly sequentially (the hardware prefetcher's
/// best case) instead of several interleaved 1.8 KB rows. The kernels compute 4 rows x 1 or 2 inputs per pass over
/// a block, or a whole 16-row block x 1 input; the lane order of every dot product is the same in all of them, so
/// a token's result does not depend on the batch it is in.
/// </summary>
internal static unsafe class MatMulKernels
{
    // Hot routines are compiled fully optimised at once ([AggressiveOptimization]) rather than through tiered JIT:
    // a short run (a CI gate, a benchmark) would otherwise spend its first calls in unoptimised code.

    /// <summary>512-bit vectors halve the instruction count per weight (the bf16 widening is 3 instructions per 16 weights instead of 6).</summary>
    internal static readonly bool Use512 = Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    /// <summary>
    /// y[b * rows + r] = x[b] · W[r] for rows r in [r0, r1) and inputs b in [0, n); x is (n, Cols), y is (n, Rows).
    /// <paramref name="r0"/> must be a multiple of <see cref="WeightMatrix.BlockRows"/>. <paramref name="use512"/>
    /// picks the AVX-512 kernels (only where supported; tests pass false to check the 256-bit ones).
    /// </summary>
    internal static void Rows(WeightMatrix w, float* x, float* y, int n, int r0, int r1, bool use512)
    {
        Debug.Assert(r0 % w.BlockRows == 0, "row ranges start on a block boundary");
        if (w.Format == WeightFormat.F32)
        {
            Rows<F32Loader>(w.Data, w.Rows, w.Cols, w.BlockRows, x, y, n, r0, r1, use512 && Use512);
        }
        else
        {
            Rows<Bf16Loader>(w.Data, w.Rows, w.Cols, w.BlockRows, x, y, n, r0, r1, use512 && Use512);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TLoad>(void* w, int rows, int cols, int blockRows, float* x, float* y, int n, int r0, int r1, bool use512)
        where TLoad : struct, IWeightLoader
    {
        var blockEnd = Math.Min(r1, rows - rows % blockRows);
        int tiled = cols & ~15, tail = cols - tiled, stride = blockRows * 16;
        var r = r0;
        for (; r < blockEnd; r += blockRows)
        {
            // The block starts at element r * cols; its column tails (cols % 16 per row) follow its tiles.
            var block = (long)r * cols;
            var tails = block + (long)blockRows * tiled;
            if (blockRows == 16 && use512 && n <= 3)
            {
                // One sequential pass over the block per input (from memory for the first, from L2 after): reading
                // it four rows at a time instead touches a quarter of each tile per pass, a strided read that cost
                // more than it saves until there are enough inputs to make the matmul compute-bound.
                for (var b = 0; b < n; b++)
                {
                    Dot16x1x512<TLoad>(w, block, tiled, tails, tail, x + (long)b * cols, y + (long)b * rows + r);
                }

                continue;
            }

            // Four rows at a time: a 16-row block is read in four passes over its tiles (it stays in L2 between them).
            // With four inputs or more the matmul is compute-bound and the first pair's pass asks for the same part
            // of the next block ahead of time (measured 5-10% faster there; at one or two inputs it only cost).
            var ahead = n >= 4 && r + blockRows < blockEnd ? (long)blockRows * cols : 0;
            for (var q = 0; q < blockRows; q += 4)
            {
                long start = block + q * 16, qTails = tails + (long)q * tail;
                var b = 0;
                for (; b + 2 <= n; b += 2)
                {
                    float* x0 = x + (long)b * cols, x1 = x0 + cols, y0 = y + (long)b * rows + r + q, y1 = y0 + rows;
                    if (use512)
                    {
                        Dot4x2x512<TLoad>(w, start, stride, tiled, qTails, tail, x0, x1, y0, y1, b == 0 ? ahead : 0);
                    }
                    else
                    {
                        Dot4x2<TLoad>(w, start, stride, tiled, qTails, tail, x0, x1, y0, y1);
                    }
                }

                for (; b < n; b++)
                {
                    float* x0 = x + (long)b * cols, y0 = y + (long)b * rows + r + q;
                    if (use512)
                    {
                        Dot4x1x512<TLoad>(w, start, stride, tiled, qTails, tail, x0, y0);
                    }
                    else
                    {
                        Dot4x1<TLoad>(w, start, stride, tiled, qTails, tail, x0, y0);
                    }
                }
            }
        }

        // The last rows % blockRows rows are stored row-major.
        for (; r < r1; r++)
        {
            for (var b = 0; b < n; b++)
            {
                var x0 = x + (long)b * cols;
                y[(long)b * rows + r] = use512 ? Dot1x512<TLoad>(w, (long)r * cols, cols, x0) : Dot1<TLoad>(w, (long)r * cols, cols, x0);
            }
        }
    }

    // Each kernel reads four rows' 16-column pieces at p, p + 16, p + 32, p + 48 of every tile (tiles `stride`
    // elements apart) and the rows' column tails at tails, tails + tail, ... Every dot product accumulates the same
    // lanes in the same order in every kernel, so the results do not depend on which kernel ran.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x2x512<TLoad>(void* w, long p, int stride, int tiled, long tails, int tail, float* x0, float* x1, float* y0, float* y1, long ahead)
        where TLoad : struct, IWeightLoader
    {
        Vector512<float> a00 = default, a10 = default, a20 = default, a30 = default;
        Vector512<float> a01 = default, a11 = default, a21 = default, a31 = default;
        for (var k = 0; k < tiled; k += 16, p += stride)
        {
            if (ahead != 0)
            {
                // The 128 bytes (bf16) this pass reads per tile, one block further on.
                Sse.Prefetch0(TLoad.Address(w, p + ahead));
                Sse.Prefetch0(TLoad.Address(w, p + ahead + 32));
            }

            var v0 = Vector512.Load(x0 + k);
            var v1 = Vector512.Load(x1 + k);
            var q0 = TLoad.Load512(w, p);
            a00 = Avx512F.FusedMultiplyAdd(q0, v0, a00);
            a01 = Avx512F.FusedMultiplyAdd(q0, v1, a01);
            var q1 = TLoad.Load512(w, p + 16);
            a10 = Avx512F.FusedMultiplyAdd(q1, v0, a10);
            a11 = Avx512F.FusedMultiplyAdd(q1, v1, a11);
            var q2 = TLoad.Load512(w, p + 32);
            a20 = Avx512F.FusedMultiplyAdd(q2, v0, a20);
            a21 = Avx512F.FusedMultiplyAdd(q2, v1, a21);
            var q3 = TLoad.Load512(w, p + 48);
            a30 = Avx512F.FusedMultiplyAdd(q3, v0, a30);
            a31 = Avx512F.FusedMultiplyAdd(q3, v1, a31);
        }

        float* t0 = x0 + tiled, t1 = x1 + tiled;
        y0[0] = Vector512.Sum(a00) + Tail<TLoad>(w, tails, t0, tail);
        y0[1] = Vector512.Sum(a10) + Tail<TLoad>(w, tails + tail, t0, tail);
        y0[2] = Vector512.Sum(a20) + Tail<TLoad>(w, tails + 2 * tail, t0, tail);
        y0[3] = Vector512.Sum(a30) + Tail<TLoad>(w, tails + 3 * tail, t0, tail);
        y1[0] = Vector512.Sum(a01) + Tail<TLoad>(w, tails, t1, tail);
        y1[1] = Vector512.Sum(a11) + Tail<TLoad>(w, tails + tail, t1, tail);
        y1[2] = Vector512.Sum(a21) + Tail<TLoad>(w, tails + 2 * tail, t1, tail);
        y1[3] = Vector512.Sum(a31) + Tail<TLoad>(w, tails + 3 * tail, t1, tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x1x512<TLoad>(void* w, long p, int stride, int tiled, long tails, int tail, float* x0, float* y0)
        where TLoad : struct, IWeightLoader
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (var k = 0; k < tiled; k += 16, p += stride)
        {
            var v0 = Vector512.Load(x0 + k);
            a0 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p), v0, a0);
            a1 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 16), v0, a1);
            a2 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 32), v0, a2);
            a3 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 48), v0, a3);
        }

        var t0 = x0 + tiled;
        y0[0] = Vector512.Sum(a0) + Tail<TLoad>(w, tails, t0, tail);
        y0[1] = Vector512.Sum(a1) + Tail<TLoad>(w, tails + tail, t0, tail);
        y0[2] = Vector512.Sum(a2) + Tail<TLoad>(w, tails + 2 * tail, t0, tail);
        y0[3] = Vector512.Sum(a3) + Tail<TLoad>(w, tails + 3 * tail, t0, tail);
    }

    /// <summary>A whole 16-row block against one input: one pass over the block's stream, one read of x per tile.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot16x1x512<TLoad>(void* w, long p, int tiled, long tails, int tail, float* x0, float* y0)
        where TLoad : struct, IWeightLoader
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default, a4 = default, a5 = default, a6 = default, a7 = default;
        Vector512<float> a8 = default, a9 = default, a10 = default, a11 = default, a12 = default, a13 = default, a14 = default, a15 = default;
        for (var k = 0; k < tiled; k += 16, p += 256)
        {
            var v = Vector512.Load(x0 + k);
            a0 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p), v, a0);
            a1 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 16), v, a1);
            a2 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 32), v, a2);
            a3 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 48), v, a3);
            a4 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 64), v, a4);
            a5 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 80), v, a5);
            a6 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 96), v, a6);
            a7 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 112), v, a7);
            a8 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 128), v, a8);
            a9 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 144), v, a9);
            a10 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 160), v, a10);
            a11 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 176), v, a11);
            a12 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 192), v, a12);
            a13 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 208), v, a13);
            a14 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 224), v, a14);
            a15 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 240), v, a15);
        }

        var t0 = x0 + tiled;
        y0[0] = Vector512.Sum(a0) + Tail<TLoad>(w, tails, t0, tail);
        y0[1] = Vector512.Sum(a1) + Tail<TLoad>(w, tails + tail, t0, tail);
        y0[2] = Vector512.Sum(a2) + Tail<TLoad>(w, tails + 2 * tail, t0, tail);
        y0[3] = Vector512.Sum(a3) + Tail<TLoad>(w, tails + 3 * tail, t0, tail);
        y0[4] = Vector512.Sum(a4) + Tail<TLoad>(w, tails + 4 * tail, t0, tail);
        y0[5] = Vector512.Sum(a5) + Tail<TLoad>(w, tails + 5 * tail, t0, tail);
        y0[6] = Vector512.Sum(a6) + Tail<TLoad>(w, tails + 6 * tail, t0, tail);
        y0[7] = Vector512.Sum(a7) + Tail<TLoad>(w, tails + 7 * tail, t0, tail);
        y0[8] = Vector512.Sum(a8) + Tail<TLoad>(w, tails + 8 * tail, t0, tail);
        y0[9] = Vector512.Sum(a9) + Tail<TLoad>(w, tails + 9 * tail, t0, tail);
        y0[10] = Vector512.Sum(a10) + Tail<TLoad>(w, tails + 10 * tail, t0, tail);
        y0[11] = Vector512.Sum(a11) + Tail<TLoad>(w, tails + 11 * tail, t0, tail);
        y0[12] = Vector512.Sum(a12) + Tail<TLoad>(w, tails + 12 * tail, t0, tail);
        y0[13] = Vector512.Sum(a13) + Tail<TLoad>(w, tails + 13 * tail, t0, tail);
        y0[14] = Vector512.Sum(a14) + Tail<TLoad>(w, tails + 14 * tail, t0, tail);
        y0[15] = Vector512.Sum(a15) + Tail<TLoad>(w, tails + 15 * tail, t0, tail);
    }

    /// <summary>One row-major row (the rows past the last full block).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot1x512<TLoad>(void* w, long row, int cols, float* x0)
        where TLoad : struct, IWeightLoader
    {
        Vector512<float> a0 = default;
        var tiled = cols & ~15;
        for (var k = 0; k < tiled; k += 16)
        {
            a0 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, row + k), Vector512.Load(x0 + k), a0);
        }

        return Vector512.Sum(a0) + Tail<TLoad>(w, row + tiled, x0 + tiled, cols - tiled);
    }

    // The 256-bit kernels walk the same 16-column tiles as two halves, into one accumulator per dot product.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x2<TLoad>(void* w, long p, int stride, int tiled, long tails, int tail, float* x0, float* x1, float* y0, float* y1)
        where TLoad : struct, IWeightLoader
    {
        Vector256<float> a00 = default, a10 = default, a20 = default, a30 = default;
        Vector256<float> a01 = default, a11 = default, a21 = default, a31 = default;
        for (var k = 0; k < tiled; k += 16, p += stride)
        {
            for (var h = 0; h < 16; h += 8)
            {
                var v0 = Vector256.Load(x0 + k + h);
                var v1 = Vector256.Load(x1 + k + h);
                var q0 = TLoad.Load(w, p + h);
                a00 = Fmadd(q0, v0, a00);
                a01 = Fmadd(q0, v1, a01);
                var q1 = TLoad.Load(w, p + 16 + h);
                a10 = Fmadd(q1, v0, a10);
                a11 = Fmadd(q1, v1, a11);
                var q2 = TLoad.Load(w, p + 32 + h);
                a20 = Fmadd(q2, v0, a20);
                a21 = Fmadd(q2, v1, a21);
                var q3 = TLoad.Load(w, p + 48 + h);
                a30 = Fmadd(q3, v0, a30);
                a31 = Fmadd(q3, v1, a31);
            }
        }

        float* t0 = x0 + tiled, t1 = x1 + tiled;
        y0[0] = Vector256.Sum(a00) + Tail<TLoad>(w, tails, t0, tail);
        y0[1] = Vector256.Sum(a10) + Tail<TLoad>(w, tails + tail, t0, tail);
        y0[2] = Vector256.Sum(a20) + Tail<TLoad>(w, tails + 2 * tail, t0, tail);
        y0[3] = Vector256.Sum(a30) + Tail<TLoad>(w, tails + 3 * tail, t0, tail);
        y1[0] = Vector256.Sum(a01) + Tail<TLoad>(w, tails, t1, tail);
        y1[1] = Vector256.Sum(a11) + Tail<TLoad>(w, tails + tail, t1, tail);
        y1[2] = Vector256.Sum(a21) + Tail<TLoad>(w, tails + 2 * tail, t1, tail);
        y1[3] = Vector256.Sum(a31) + Tail<TLoad>(w, tails + 3 * tail, t1, tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x1<TLoad>(void* w, long p, int stride, int tiled, long tails, int tail, float* x0, float* y0)
        where TLoad : struct, IWeightLoader
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        for (var k = 0; k < tiled; k += 16, p += stride)
        {
            for (var h = 0; h < 16; h += 8)
            {
                var v0 = Vector256.Load(x0 + k + h);
                a0 = Fmadd(TLoad.Load(w, p + h), v0, a0);
                a1 = Fmadd(TLoad.Load(w, p + 16 + h), v0, a1);
                a2 = Fmadd(TLoad.Load(w, p + 32 + h), v0, a2);
                a3 = Fmadd(TLoad.Load(w, p + 48 + h), v0, a3);
            }
        }

        var t0 = x0 + tiled;
        y0[0] = Vector256.Sum(a0) + Tail<TLoad>(w, tails, t0, tail);
        y0[1] = Vector256.Sum(a1) + Tail<TLoad>(w, tails + tail, t0, tail);
        y0[2] = Vector256.Sum(a2) + Tail<TLoad>(w, tails + 2 * tail, t0, tail);
        y0[3] = Vector256.Sum(a3) + Tail<TLoad>(w, tails + 3 * tail, t0, tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot1<TLoad>(void* w, long row, int cols, float* x0)
        where TLoad : struct, IWeightLoader
    {
        Vector256<float> a0 = default;
        var tiled = cols & ~15;
        for (var k = 0; k < tiled; k += 8)
        {
            a0 = Fmadd(TLoad.Load(w, row + k), Vector256.Load(x0 + k), a0);
        }

        return Vector256.Sum(a0) + Tail<TLoad>(w, row + tiled, x0 + tiled, cols - tiled);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fmadd(Vector256<float> a, Vector256<float> b, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, acc) : acc + a * b;

    /// <summary>Σ w[start + i] * x[i] for i &lt; count (the columns past the last whole tile), in order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Tail<TLoad>(void* w, long start, float* x, int count)
        where TLoad : struct, IWeightLoader
    {
        var s = 0f;
        for (var i = 0; i < count; i++)
        {
            s += TLoad.Scalar(w, start + i) * x[i];
        }

        return s;
    }

    private interface IWeightLoader
    {
        /// <summary>Loads 8 weights starting at element <paramref name="index"/> as float32.</summary>
        static abstract Vector256<float> Load(void* data, long index);

        /// <summary>Loads 16 weights starting at element <paramref name="index"/> as float32 (AVX-512 only).</summary>
        static abstract Vector512<float> Load512(void* data, long index);

        /// <summary>One weight as float32.</summary>
        static abstract float Scalar(void* data, long index);

        /// <summary>The address of element <paramref name="index"/> (for software prefetch).</summary>
        static abstract byte* Address(void* data, long index);
    }

    private struct F32Loader : IWeightLoader
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load(void* data, long index) => Vector256.Load((float*)data + index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(void* data, long index) => Vector512.Load((float*)data + index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Scalar(void* data, long index) => ((float*)data)[index];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static byte* Address(void* data, long index) => (byte*)((float*)data + index);
    }

    private struct Bf16Loader : IWeightLoader
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load(void* data, long index)
        {
            // bf16 -> f32 is a zero-extend and a 16-bit shift (vpmovzxwd + vpslld on AVX2).
            var p = (ushort*)data + index;
            if (Avx2.IsSupported)
            {
                return Avx2.ShiftLeftLogical(Avx2.ConvertToVector256Int32(p), 16).AsSingle();
            }

            var u = Vector128.Load(p);
            var wide = Vector256.Create(Vector128.WidenLower(u), Vector128.WidenUpper(u));
            return Vector256.ShiftLeft(wide, 16).AsSingle();
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(void* data, long index) =>
            Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(Vector256.Load((ushort*)data + index)), 16).AsSingle();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Scalar(void* data, long index) => BitConverter.UInt32BitsToSingle((uint)((ushort*)data)[index] << 16);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static byte* Address(void* data, long index) => (byte*)((ushort*)data + index);
    }
}
