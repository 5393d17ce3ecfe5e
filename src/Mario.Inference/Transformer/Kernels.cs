using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Mario.Inference.Transformer;

/// <summary>
/// The forward pass's primitives as small pure functions over spans. <see cref="MatMul"/> is where nearly all
/// of the time goes, so it is the one routine with a hand-written SIMD micro-kernel and row-parallelism.
/// </summary>
public static unsafe class Kernels
{
    // Hot routines are compiled fully optimised at once ([AggressiveOptimization]) rather than through tiered JIT:
    // a short run (a CI gate, a benchmark) would otherwise spend its first calls in unoptimised code.

    /// <summary>Below this many multiply-adds a matmul runs on the calling thread (dispatch would cost more).</summary>
    private const long ParallelThreshold = 1 << 19;

    /// <summary>out = x / sqrt(mean(x^2) + eps) * weight, in float32 like Hugging Face's RMSNorm.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void RmsNorm(ReadOnlySpan<float> x, ReadOnlySpan<float> weight, float eps, Span<float> output)
    {
        var meanSquare = TensorPrimitives.SumOfSquares(x) / x.Length;
        var scale = 1f / MathF.Sqrt(meanSquare + eps);
        TensorPrimitives.Multiply(x, scale, output);
        TensorPrimitives.Multiply(output, weight, output);
    }

    /// <summary>In-place softmax; the max is subtracted first so exp never overflows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Softmax(Span<float> x)
    {
        var max = TensorPrimitives.Max(x);
        TensorPrimitives.Subtract(x, max, x);
        TensorPrimitives.Exp(x, x);
        var sum = TensorPrimitives.Sum(x);
        TensorPrimitives.Divide(x, sum, x);
    }

    /// <summary>
    /// Rotate-half RoPE (Hugging Face's convention, not llama2.c's interleaved pairs) on <paramref name="heads"/>
    /// consecutive heads of width <c>2 * cos.Length</c>: for i &lt; hd/2, (a, b) = (v[i], v[i + hd/2]) becomes
    /// (a cos - b sin, b cos + a sin).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Rope(Span<float> vectors, int heads, ReadOnlySpan<float> cos, ReadOnlySpan<float> sin)
    {
        var half = cos.Length;
        for (var h = 0; h < heads; h++)
        {
            var v = vectors.Slice(h * 2 * half, 2 * half);
            for (var i = 0; i < half; i++)
            {
                var a = v[i];
                var b = v[i + half];
                v[i] = a * cos[i] - b * sin[i];
                v[i + half] = b * cos[i] + a * sin[i];
            }
        }
    }

    /// <summary>SwiGLU in place: gate = silu(gate) * up, with silu(g) = g * sigmoid(g).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void SwiGlu(Span<float> gate, ReadOnlySpan<float> up)
    {
        for (var i = 0; i < gate.Length; i++)
        {
            var g = gate[i];
            gate[i] = g / (1f + MathF.Exp(-g)) * up[i];
        }
    }

    /// <summary>
    /// y (n, Rows) = x (n, Cols) · Wᵀ: one dot product per (input, weight row). Rows are split across threads;
    /// each thread walks its rows four at a time and the inputs two at a time, so a weight row is read from memory
    /// once per call however many inputs there are. Every dot accumulates in the same lane order whatever the
    /// blocking, so a token's result does not depend on the batch it is in (batched == single, bit for bit).
    /// </summary>
    public static void MatMul(WeightMatrix w, ReadOnlySpan<float> x, Span<float> y, int n, ParallelOptions parallel) =>
        MatMulSharedInput(x, n, parallel, w, y, null, default, null, default);

    /// <summary>
    /// Up to three matmuls of the same input (q/k/v, or gate/up) in one parallel loop: fewer thread barriers per
    /// layer, each product computed exactly as <see cref="MatMul"/> would.
    /// </summary>
    public static void MatMulSharedInput(ReadOnlySpan<float> x, int n, ParallelOptions parallel,
        WeightMatrix w0, Span<float> y0, WeightMatrix? w1, Span<float> y1, WeightMatrix? w2, Span<float> y2)
    {
        Check(w0, x, y0, n);
        if (w1 is not null)
        {
            Check(w1, x, y1, n);
        }

        if (w2 is not null)
        {
            Check(w2, x, y2, n);
        }

        fixed (float* xp = x)
        fixed (float* p0 = y0)
        fixed (float* p1 = y1)
        fixed (float* p2 = y2)
        {
            var work = ((long)w0.Rows + (w1?.Rows ?? 0) + (w2?.Rows ?? 0)) * w0.Cols * n;
            var threads = parallel.MaxDegreeOfParallelism > 0 ? parallel.MaxDegreeOfParallelism : Environment.ProcessorCount;
            if (work < ParallelThreshold || threads == 1)
            {
                MatMulRows(w0, xp, p0, n, 0, w0.Rows);
                if (w1 is not null)
                {
                    MatMulRows(w1, xp, p1, n, 0, w1.Rows);
                }

                if (w2 is not null)
                {
                    MatMulRows(w2, xp, p2, n, 0, w2.Rows);
                }

                return;
            }

            // One job object per calling thread, reused, so a forward call allocates nothing of its own here.
            var job = t_job ??= new MatMulJob();
            var chunks = job.Set(threads, xp, n, w0, p0, w1, p1, w2, p2);
            try
            {
                Parallel.For(0, chunks, parallel, job.Body);
            }
            finally
            {
                job.Clear();
            }
        }
    }

    private static void Check(WeightMatrix w, ReadOnlySpan<float> x, Span<float> y, int n)
    {
        if (x.Length < (long)n * w.Cols || y.Length < (long)n * w.Rows)
        {
            throw new ArgumentException($"matmul of {n} inputs with a {w.Rows}x{w.Cols} matrix needs x >= {n * w.Cols} and y >= {n * w.Rows}");
        }
    }

    [ThreadStatic]
    private static MatMulJob? t_job;

    private sealed class MatMulJob
    {
        private readonly WeightMatrix?[] _w = new WeightMatrix?[3];
        private readonly nint[] _y = new nint[3];
        private readonly int[] _chunkRows = new int[3];
        private readonly int[] _firstChunk = new int[4];
        private float* _x;
        private int _n;

        public MatMulJob() => Body = Run;

        public Action<int> Body { get; }

        /// <summary>Registers the products; returns the total number of chunks.</summary>
        public int Set(int threads, float* x, int n, WeightMatrix w0, float* y0, WeightMatrix? w1, float* y1, WeightMatrix? w2, float* y2)
        {
            _x = x;
            _n = n;
            (_w[0], _w[1], _w[2]) = (w0, w1, w2);
            (_y[0], _y[1], _y[2]) = ((nint)y0, (nint)y1, (nint)y2);
            for (var k = 0; k < 3; k++)
            {
                var rows = _w[k]?.Rows ?? 0;

                // Several chunks per thread balance uneven progress; chunk rows are a multiple of 4 for the micro-kernel.
                _chunkRows[k] = Math.Max(16, (rows / (threads * 4) + 3) & ~3);
                _firstChunk[k + 1] = _firstChunk[k] + (rows + _chunkRows[k] - 1) / _chunkRows[k];
            }

            return _firstChunk[3];
        }

        public void Clear()
        {
            Array.Clear(_w);
            _x = null;
        }

        private void Run(int chunk)
        {
            var k = chunk < _firstChunk[1] ? 0 : chunk < _firstChunk[2] ? 1 : 2;
            var w = _w[k]!;
            var r0 = (chunk - _firstChunk[k]) * _chunkRows[k];
            MatMulRows(w, _x, (float*)_y[k], _n, r0, Math.Min(w.Rows, r0 + _chunkRows[k]));
        }
    }

    /// <summary>512-bit vectors halve the instruction count per weight (the bf16 widening is 3 instructions per 16 weights instead of 6).</summary>
    private static readonly bool Use512 = Avx512F.IsSupported && Vector512.IsHardwareAccelerated;

    private static void MatMulRows(WeightMatrix w, float* x, float* y, int n, int r0, int r1)
    {
        if (w.Format == WeightFormat.F32)
        {
            MatMulRows<F32Loader>(w.Data, w.Cols, w.Rows, x, y, n, r0, r1);
        }
        else
        {
            MatMulRows<Bf16Loader>(w.Data, w.Cols, w.Rows, x, y, n, r0, r1);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MatMulRows<TLoad>(void* wData, int cols, int rows, float* x, float* y, int n, int r0, int r1)
        where TLoad : struct, IWeightLoader
    {
        if (Use512)
        {
            MatMulRows512<TLoad>(wData, cols, rows, x, y, n, r0, r1);
            return;
        }

        var r = r0;
        for (; r + 4 <= r1; r += 4)
        {
            var b = 0;
            for (; b + 2 <= n; b += 2)
            {
                Dot4x2<TLoad>(wData, cols, r, x + (long)b * cols, x + (long)(b + 1) * cols, y + (long)b * rows + r, y + (long)(b + 1) * rows + r);
            }

            for (; b < n; b++)
            {
                Dot4x1<TLoad>(wData, cols, r, x + (long)b * cols, y + (long)b * rows + r);
            }
        }

        for (; r < r1; r++)
        {
            for (var b = 0; b < n; b++)
            {
                y[(long)b * rows + r] = Dot1<TLoad>(wData, cols, r, x + (long)b * cols);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void MatMulRows512<TLoad>(void* wData, int cols, int rows, float* x, float* y, int n, int r0, int r1)
        where TLoad : struct, IWeightLoader
    {
        var r = r0;
        for (; r + 4 <= r1; r += 4)
        {
            var b = 0;
            for (; b + 2 <= n; b += 2)
            {
                Dot4x2x512<TLoad>(wData, cols, r, x + (long)b * cols, x + (long)(b + 1) * cols, y + (long)b * rows + r, y + (long)(b + 1) * rows + r);
            }

            for (; b < n; b++)
            {
                Dot4x1x512<TLoad>(wData, cols, r, x + (long)b * cols, y + (long)b * rows + r);
            }
        }

        for (; r < r1; r++)
        {
            for (var b = 0; b < n; b++)
            {
                y[(long)b * rows + r] = Dot1x512<TLoad>(wData, cols, r, x + (long)b * cols);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x2x512<TLoad>(void* w, int cols, int r, float* x0, float* x1, float* y0, float* y1)
        where TLoad : struct, IWeightLoader
    {
        long w0 = (long)r * cols, w1 = w0 + cols, w2 = w1 + cols, w3 = w2 + cols;
        Vector512<float> a00 = default, a10 = default, a20 = default, a30 = default;
        Vector512<float> a01 = default, a11 = default, a21 = default, a31 = default;
        var k = 0;
        long ahead = 4L * cols;
        for (; k + 16 <= cols; k += 16)
        {
            // The next four rows follow these in memory; fetching them now hides the DRAM latency of short rows.
            Sse.Prefetch0(TLoad.Address(w, w0 + ahead + k));
            Sse.Prefetch0(TLoad.Address(w, w1 + ahead + k));
            Sse.Prefetch0(TLoad.Address(w, w2 + ahead + k));
            Sse.Prefetch0(TLoad.Address(w, w3 + ahead + k));
            var v0 = Vector512.Load(x0 + k);
            var v1 = Vector512.Load(x1 + k);
            var q0 = TLoad.Load512(w, w0 + k);
            a00 = Avx512F.FusedMultiplyAdd(q0, v0, a00);
            a01 = Avx512F.FusedMultiplyAdd(q0, v1, a01);
            var q1 = TLoad.Load512(w, w1 + k);
            a10 = Avx512F.FusedMultiplyAdd(q1, v0, a10);
            a11 = Avx512F.FusedMultiplyAdd(q1, v1, a11);
            var q2 = TLoad.Load512(w, w2 + k);
            a20 = Avx512F.FusedMultiplyAdd(q2, v0, a20);
            a21 = Avx512F.FusedMultiplyAdd(q2, v1, a21);
            var q3 = TLoad.Load512(w, w3 + k);
            a30 = Avx512F.FusedMultiplyAdd(q3, v0, a30);
            a31 = Avx512F.FusedMultiplyAdd(q3, v1, a31);
        }

        y0[0] = Vector512.Sum(a00) + Tail<TLoad>(w, w0, x0, k, cols);
        y0[1] = Vector512.Sum(a10) + Tail<TLoad>(w, w1, x0, k, cols);
        y0[2] = Vector512.Sum(a20) + Tail<TLoad>(w, w2, x0, k, cols);
        y0[3] = Vector512.Sum(a30) + Tail<TLoad>(w, w3, x0, k, cols);
        y1[0] = Vector512.Sum(a01) + Tail<TLoad>(w, w0, x1, k, cols);
        y1[1] = Vector512.Sum(a11) + Tail<TLoad>(w, w1, x1, k, cols);
        y1[2] = Vector512.Sum(a21) + Tail<TLoad>(w, w2, x1, k, cols);
        y1[3] = Vector512.Sum(a31) + Tail<TLoad>(w, w3, x1, k, cols);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x1x512<TLoad>(void* w, int cols, int r, float* x0, float* y0)
        where TLoad : struct, IWeightLoader
    {
        long w0 = (long)r * cols, w1 = w0 + cols, w2 = w1 + cols, w3 = w2 + cols;
        Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var k = 0;
        long ahead = 4L * cols;
        for (; k + 16 <= cols; k += 16)
        {
            Sse.Prefetch0(TLoad.Address(w, w0 + ahead + k));
            Sse.Prefetch0(TLoad.Address(w, w1 + ahead + k));
            Sse.Prefetch0(TLoad.Address(w, w2 + ahead + k));
            Sse.Prefetch0(TLoad.Address(w, w3 + ahead + k));
            var v0 = Vector512.Load(x0 + k);
            a0 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, w0 + k), v0, a0);
            a1 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, w1 + k), v0, a1);
            a2 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, w2 + k), v0, a2);
            a3 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, w3 + k), v0, a3);
        }

        y0[0] = Vector512.Sum(a0) + Tail<TLoad>(w, w0, x0, k, cols);
        y0[1] = Vector512.Sum(a1) + Tail<TLoad>(w, w1, x0, k, cols);
        y0[2] = Vector512.Sum(a2) + Tail<TLoad>(w, w2, x0, k, cols);
        y0[3] = Vector512.Sum(a3) + Tail<TLoad>(w, w3, x0, k, cols);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot1x512<TLoad>(void* w, int cols, int r, float* x0)
        where TLoad : struct, IWeightLoader
    {
        long w0 = (long)r * cols;
        Vector512<float> a0 = default;
        var k = 0;
        for (; k + 16 <= cols; k += 16)
        {
            a0 = Avx512F.FusedMultiplyAdd(TLoad.Load512(w, w0 + k), Vector512.Load(x0 + k), a0);
        }

        return Vector512.Sum(a0) + Tail<TLoad>(w, w0, x0, k, cols);
    }

    private interface IWeightLoader
    {
        /// <summary>Loads 8 weights starting at element <paramref name="index"/> as float32.</summary>
        static abstract Vector256<float> Load(void* data, long index);

        /// <summary>Loads 16 weights starting at element <paramref name="index"/> as float32 (AVX-512 only).</summary>
        static abstract Vector512<float> Load512(void* data, long index);

        /// <summary>The address of element <paramref name="index"/> (for software prefetch).</summary>
        static abstract byte* Address(void* data, long index);

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
        public static byte* Address(void* data, long index) => (byte*)((float*)data + index);

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
        public static byte* Address(void* data, long index) => (byte*)((ushort*)data + index);

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static Vector512<float> Load512(void* data, long index) =>
            Avx512F.ShiftLeftLogical(Avx512F.ConvertToVector512Int32(Vector256.Load((ushort*)data + index)), 16).AsSingle();

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static float Scalar(void* data, long index) => BitConverter.UInt32BitsToSingle((uint)((ushort*)data)[index] << 16);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<float> Fmadd(Vector256<float> a, Vector256<float> b, Vector256<float> acc) =>
        Fma.IsSupported ? Fma.MultiplyAdd(a, b, acc) : acc + a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float Tail<TLoad>(void* w, long rowStart, float* x, int k0, int cols)
        where TLoad : struct, IWeightLoader
    {
        var s = 0f;
        for (var k = k0; k < cols; k++)
        {
            s += TLoad.Scalar(w, rowStart + k) * x[k];
        }

        return s;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x2<TLoad>(void* w, int cols, int r, float* x0, float* x1, float* y0, float* y1)
        where TLoad : struct, IWeightLoader
    {
        long w0 = (long)r * cols, w1 = w0 + cols, w2 = w1 + cols, w3 = w2 + cols;
        Vector256<float> a00 = default, a10 = default, a20 = default, a30 = default;
        Vector256<float> a01 = default, a11 = default, a21 = default, a31 = default;
        var k = 0;
        for (; k + 8 <= cols; k += 8)
        {
            var v0 = Vector256.Load(x0 + k);
            var v1 = Vector256.Load(x1 + k);
            var q0 = TLoad.Load(w, w0 + k);
            a00 = Fmadd(q0, v0, a00);
            a01 = Fmadd(q0, v1, a01);
            var q1 = TLoad.Load(w, w1 + k);
            a10 = Fmadd(q1, v0, a10);
            a11 = Fmadd(q1, v1, a11);
            var q2 = TLoad.Load(w, w2 + k);
            a20 = Fmadd(q2, v0, a20);
            a21 = Fmadd(q2, v1, a21);
            var q3 = TLoad.Load(w, w3 + k);
            a30 = Fmadd(q3, v0, a30);
            a31 = Fmadd(q3, v1, a31);
        }

        y0[0] = Vector256.Sum(a00) + Tail<TLoad>(w, w0, x0, k, cols);
        y0[1] = Vector256.Sum(a10) + Tail<TLoad>(w, w1, x0, k, cols);
        y0[2] = Vector256.Sum(a20) + Tail<TLoad>(w, w2, x0, k, cols);
        y0[3] = Vector256.Sum(a30) + Tail<TLoad>(w, w3, x0, k, cols);
        y1[0] = Vector256.Sum(a01) + Tail<TLoad>(w, w0, x1, k, cols);
        y1[1] = Vector256.Sum(a11) + Tail<TLoad>(w, w1, x1, k, cols);
        y1[2] = Vector256.Sum(a21) + Tail<TLoad>(w, w2, x1, k, cols);
        y1[3] = Vector256.Sum(a31) + Tail<TLoad>(w, w3, x1, k, cols);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Dot4x1<TLoad>(void* w, int cols, int r, float* x0, float* y0)
        where TLoad : struct, IWeightLoader
    {
        long w0 = (long)r * cols, w1 = w0 + cols, w2 = w1 + cols, w3 = w2 + cols;
        Vector256<float> a0 = default, a1 = default, a2 = default, a3 = default;
        var k = 0;
        for (; k + 8 <= cols; k += 8)
        {
            var v0 = Vector256.Load(x0 + k);
            a0 = Fmadd(TLoad.Load(w, w0 + k), v0, a0);
            a1 = Fmadd(TLoad.Load(w, w1 + k), v0, a1);
            a2 = Fmadd(TLoad.Load(w, w2 + k), v0, a2);
            a3 = Fmadd(TLoad.Load(w, w3 + k), v0, a3);
        }

        y0[0] = Vector256.Sum(a0) + Tail<TLoad>(w, w0, x0, k, cols);
        y0[1] = Vector256.Sum(a1) + Tail<TLoad>(w, w1, x0, k, cols);
        y0[2] = Vector256.Sum(a2) + Tail<TLoad>(w, w2, x0, k, cols);
        y0[3] = Vector256.Sum(a3) + Tail<TLoad>(w, w3, x0, k, cols);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static float Dot1<TLoad>(void* w, int cols, int r, float* x0)
        where TLoad : struct, IWeightLoader
    {
        long w0 = (long)r * cols;
        Vector256<float> a0 = default;
        var k = 0;
        for (; k + 8 <= cols; k += 8)
        {
            a0 = Fmadd(TLoad.Load(w, w0 + k), Vector256.Load(x0 + k), a0);
        }

        return Vector256.Sum(a0) + Tail<TLoad>(w, w0, x0, k, cols);
    }
}
