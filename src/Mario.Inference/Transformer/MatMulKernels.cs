using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mario.Inference.Transformer;

/// <summary>
/// The matmul micro-kernels over <see cref="WeightMatrix"/>'s packed layout: a block of four rows is one linear
/// stream of 16-column tiles, so a thread walking its blocks reads memory strictly sequentially (the hardware
/// prefetcher's best case) instead of four interleaved 1.8 KB rows. Each kernel computes 4 rows x 1 or 2 inputs
/// per pass over a block; the lane order of every dot product is the same whatever the blocking, so a token's
/// result does not depend on the batch it is in.
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
        Debug.Assert(r0 % WeightMatrix.BlockRows == 0, "row ranges start on a block boundary");
        if (w.Format == WeightFormat.F32)
        {
            Rows<F32Loader>(w.Data, w.Rows, w.Cols, x, y, n, r0, r1, use512 && Use512);
        }
        else
        {
            Rows<Bf16Loader>(w.Data, w.Rows, w.Cols, x, y, n, r0, r1, use512 && Use512);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Rows<TLoad>(void* w, int rows, int cols, float* x, float* y, int n, int r0, int r1, bool use512)
        where TLoad : struct, IWeightLoader
    {
        var blockEnd = Math.Min(r1, rows & ~3);
        var r = r0;
        for (; r < blockEnd; r += 4)
        {
            // Block r / 4 starts at element r * cols; its column tail (cols % 16 per row) follows its tiles.
            var block = (long)r * cols;
            var b = 0;
            for (; b + 2 <= n; b += 2)
            {
                float* x0 = x + (long)b * cols, x1 = x0 + cols, y0 = y + (long)b * rows + r, y1 = y0 + rows;
                if (use512)
                {
                    Dot4x2x512<TLoad>(w, block, cols, x0, x1, y0, y1);
                }
                else
                {
                    Dot4x2<TLoad>(w, block, cols, x0, x1, y0, y1);
                }
            }

            for (; b < n; b++)
            {
                float* x0 = x + (long)b * cols, y0 = y + (long)b * rows + r;
                if (use512)
                {
                    Dot4x1x512<TLoad>(w, block, cols, x0, y0);
                }
                else
                {
                    Dot4x1<TLoad>(w, block, cols, x0, y0);
                }
            }
        }

        // The last rows % 4 rows are stored row-major.
        for (; r < r1; r++)
        {
            for (var b = 0; b < n; b++)
            {
                var x0 = x + (long)b * cols;
                y[(long)b * rows + r] = use512 ? Dot1x512<TLoad>(w, (long)r * cols, cols, x0) : Dot1<TLoad>(w, (long)r * cols, cols, x0);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x2x512<TLoad>(void* w, long block, int cols, float* x0, float* x1, float* y0, float* y1)
        where TLoad : struct, IWeightLoader
    {
        Vector512<float> a00 = default, a10 = default, a20 = default, a30 = default;
        Vector512<float> a01 = default, a11 = default, a21 = default, a31 = default;
        var tiled = cols & ~15;
        var p = block;
        for (var k = 0; k < tiled; k += 16, p += 64)
        {
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

        int tail = cols - tiled;
        long t0 = block + 4L * tiled, t1 = t0 + tail, t2 = t1 + tail, t3 = t2 + tail;
        y0[0] = Vector512.Sum(a00) + Tail<TLoad>(w, t0, x0 + tiled, tail);
        y0[1] = Vector512.Sum(a10) + Tail<TLoad>(w, t1, x0 + tiled, tail);
        y0[2] = Vector512.Sum(a20) + Tail<TLoad>(w, t2, x0 + tiled, tail);
        y0[3] = Vector512.Sum(a30) + Tail<TLoad>(w, t3, x0 + tiled, tail);
        y1[0] = Vector512.Sum(a01) + Tail<TLoad>(w, t0, x1 + tiled, tail);
        y1[1] = Vector512.Sum(a11) + Tail<TLoad>(w, t1, x1 + tiled, tail);
        y1[2] = Vector512.Sum(a21) + Tail<TLoad>(w, t2, x1 + tiled, tail);
        y1[3] = Vector512.Sum(a31) + Tail<TLoad>(w, t3, x1 + tiled, tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x1x512<TLoad>(void* w, long block, int cols, float* x0, float* y0)
        where TLoad : struct, IWeightLoader
    {
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var tiled = cols & ~15;
        var p = block;
        for (var k = 0; k < tiled; k += 16, p += 64)
        {
            var v0 = Vector512.Load(x0 + k);
            a0 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p), v0, a0);
            a1 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 16), v0, a1);
            a2 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 32), v0, a2);
            a3 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, p + 48), v0, a3);
        }

        int tail = cols - tiled;
        long t0 = block + 4L * tiled;
        y0[0] = Vector512.Sum(a0) + Tail<TLoad>(w, t0, x0 + tiled, tail);
        y0[1] = Vector512.Sum(a1) + Tail<TLoad>(w, t0 + tail, x0 + tiled, tail);
        y0[2] = Vector512.Sum(a2) + Tail<TLoad>(w, t0 + 2 * tail, x0 + tiled, tail);
        y0[3] = Vector512.Sum(a3) + Tail<TLoad>(w, t0 + 3 * tail, x0 + tiled, tail);
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
    private static void Dot4x2<TLoad>(void* w, long block, int cols, float* x0, float* x1, float* y0, float* y1)
        where TLoad : struct, IWeightLoader
    {
        Vector256<float> a00 = default, a10 = default, a20 = default, a30 = default;
        Vector256<float> a01 = default, a11 = default, a21 = default, a31 = default;
        var tiled = cols & ~15;
        var p = block;
        for (var k = 0; k < tiled; k += 8, p += 8)
        {
            // k advances by half a tile per pass: p walks the first halves of the four rows, then the second halves.
            var v0 = Vector256.Load(x0 + k);
            var v1 = Vector256.Load(x1 + k);
            var q0 = TLoad.Load(w, p);
            a00 = Fmadd(q0, v0, a00);
            a01 = Fmadd(q0, v1, a01);
            var q1 = TLoad.Load(w, p + 16);
            a10 = Fmadd(q1, v0, a10);
            a11 = Fmadd(q1, v1, a11);
            var q2 = TLoad.Load(w, p + 32);
            a20 = Fmadd(q2, v0, a20);
            a21 = Fmadd(q2, v1, a21);
            var q3 = TLoad.Load(w, p + 48);
            a30 = Fmadd(q3, v0, a30);
            a31 = Fmadd(q3, v1, a31);
            if ((k & 8) != 0)
            {
                p += 48;
            }
        }

        int tail = cols - tiled;
        long t0 = block + 4L * tiled, t1 = t0 + tail, t2 = t1 + tail, t3 = t2 + tail;
        y0[0] = Vector256.Sum(a00) + Tail<TLoad>(w, t0, x0 + tiled, tail);
        y0[1] = Vector256.Sum(a10) + Tail<TLoad>(w, t1, x0 + tiled, tail);
        y0[2] = Vector256.Sum(a20) + Tail<TLoad>(w, t2, x0 + tiled, tail);
        y0[3] = Vector256.Sum(a30) + Tail<TLoad>(w, t3, x0 + tiled, tail);
        y1[0] = Vector256.Sum(a01) + Tail<TLoad>(w, t0, x1 + tiled, tail);
        y1[1] = Vector256.Sum(a11) + Tail<TLoad>(w, t1, x1 + tiled, tail);
        y1[2] = Vector256.Sum(a21) + Tail<TLoad>(w, t2, x1 + tiled, tail);
        y1[3] = Vector256.Sum(a31) + Tail<TLoad>(w, t3, x1 + tiled, tail);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x1<TLoad>(void* w, long block, int cols, float* x0, float* y0)
        where TLoad : struct, IWeightLoader
    {
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var tiled = cols & ~15;
        var p = block;
        for (var k = 0; k < tiled; k += 8, p += 8)
        {
            var v0 = Vector256.Load(x0 + k);
            a0 = Fmadd(TLoad.Load(w, p), v0, a0);
            a1 = Fmadd(TLoad.Load(w, p + 16), v0, a1);
            a2 = Fmadd(TLoad.Load(w, p + 32), v0, a2);
            a3 = Fmadd(TLoad.Load(w, p + 48), v0, a3);
            if ((k & 8) != 0)
            {
                p += 48;
            }
        }

        int tail = cols - tiled;
        long t0 = block + 4L * tiled;
        y0[0] = Vector256.Sum(a0) + Tail<TLoad>(w, t0, x0 + tiled, tail);
        y0[1] = Vector256.Sum(a1) + Tail<TLoad>(w, t0 + tail, x0 + tiled, tail);
        y0[2] = Vector256.Sum(a2) + Tail<TLoad>(w, t0 + 2 * tail, x0 + tiled, tail);
        y0[3] = Vector256.Sum(a3) + Tail<TLoad>(w, t0 + 3 * tail, x0 + tiled, tail);
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
    }

    private struct F32Loader : IWeightLoader
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector256<float> Load(void* data, long index) => Vector256.Load((float*)data + index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(void* data, long index) => Vector512.Load((float*)data + index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Scalar(void* data, long index) => ((float*)data)[index];
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
    }
}
