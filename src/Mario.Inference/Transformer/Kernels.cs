using System.Numerics.Tensors;
using System.Runtime.CompilerServices;

namespace Mario.Inference.Transformer;

/// <summary>
/// The forward pass's primitives as small pure functions over spans. <see cref="MatMul(WeightMatrix, ReadOnlySpan{float}, Span{float}, int, ParallelOptions)"/>
/// is where nearly all of the time goes, so it is the one routine with hand-written SIMD micro-kernels
/// (<see cref="MatMulKernels"/>) and row-parallelism.
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
    /// y (n, Rows) = x (n, Cols) · Wᵀ: one dot product per (input, weight row). Blocks of rows (4, or 16 for wide
    /// matrices) are split across threads in items of about 256 KB; each thread streams its blocks (one linear read
    /// each, see <see cref="WeightMatrix"/>'s layout) and runs every input against a block while it is in cache, so a
    /// weight is read from memory once per call however many inputs there are.
    /// Every dot accumulates in the same lane order whatever the blocking, so a token's result does not depend on
    /// the batch it is in (batched == single, bit for bit).
    /// </summary>
    public static void MatMul(WeightMatrix w, ReadOnlySpan<float> x, Span<float> y, int n, ParallelOptions parallel) =>
        MatMulSharedInput(x, n, parallel, w, y, null, default, null, default);

    /// <summary>
    /// Up to three matmuls of the same input (q/k/v, or gate/up) in one parallel loop: fewer thread barriers per
    /// layer, each product computed exactly as <see cref="MatMul(WeightMatrix, ReadOnlySpan{float}, Span{float}, int, ParallelOptions)"/> would.
    /// </summary>
    public static void MatMulSharedInput(ReadOnlySpan<float> x, int n, ParallelOptions parallel,
        WeightMatrix w0, Span<float> y0, WeightMatrix? w1, Span<float> y1, WeightMatrix? w2, Span<float> y2)
    {
        var threads = parallel.MaxDegreeOfParallelism > 0 ? parallel.MaxDegreeOfParallelism : Environment.ProcessorCount;
        MatMulSharedInput(x, n, threads, null, parallel, w0, y0, w1, y1, w2, y2);
    }

    /// <summary><see cref="MatMul(WeightMatrix, ReadOnlySpan{float}, Span{float}, int, ParallelOptions)"/> on the forward pass's own threads (<see cref="WorkerPool"/>).</summary>
    internal static void MatMul(WeightMatrix w, ReadOnlySpan<float> x, Span<float> y, int n, WorkerPool pool) =>
        MatMulSharedInput(x, n, pool.Threads, pool, null, w, y, null, default, null, default);

    /// <summary><see cref="MatMulSharedInput(ReadOnlySpan{float}, int, ParallelOptions, WeightMatrix, Span{float}, WeightMatrix?, Span{float}, WeightMatrix?, Span{float})"/> on the forward pass's own threads.</summary>
    internal static void MatMulSharedInput(ReadOnlySpan<float> x, int n, WorkerPool pool,
        WeightMatrix w0, Span<float> y0, WeightMatrix? w1, Span<float> y1, WeightMatrix? w2, Span<float> y2) =>
        MatMulSharedInput(x, n, pool.Threads, pool, null, w0, y0, w1, y1, w2, y2);

    /// <summary>Runs on <paramref name="pool"/> when given, else through <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/>.</summary>
    private static void MatMulSharedInput(ReadOnlySpan<float> x, int n, int threads, WorkerPool? pool, ParallelOptions? parallel,
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
                if (pool is not null)
                {
                    pool.For(chunks, job.Body);
                }
                else
                {
                    Parallel.For(0, chunks, parallel!, job.Body);
                }
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

    /// <summary>
    /// Target bytes of weights per parallel item: small enough that a thread the OS has paused delays the others
    /// by little at the end of a matmul, large enough that handing items out costs nothing measurable.
    /// </summary>
    private const long ChunkBytes = 256 << 10;

    private static void MatMulRows(WeightMatrix w, float* x, float* y, int n, int r0, int r1) =>
        MatMulKernels.Rows(w, x, y, n, r0, r1, use512: true);

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
                var rowBytes = _w[k] is { } m ? m.ByteSize / m.Rows : 1;

                // At least four chunks per thread balance uneven progress; chunk rows are whole blocks for the micro-kernel.
                var block = _w[k]?.BlockRows ?? 4;
                var byBytes = (int)Math.Clamp(ChunkBytes / rowBytes / block, 1, int.MaxValue) * block;
                var byThreads = Math.Max(16, (rows / (threads * 4) + block - 1) / block * block);
                _chunkRows[k] = Math.Min(byBytes, byThreads);
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
}
