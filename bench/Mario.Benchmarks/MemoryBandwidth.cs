using System.Diagnostics;
using System.Numerics.Tensors;
using Mario.Inference.Transformer;

namespace Mario.Benchmarks;

/// <summary>
/// A streaming-read benchmark: sums a buffer much larger than the caches with the given threads. The buffer is
/// allocated like the engine's weights (<see cref="LargePages"/>: huge pages where Linux allows), so the roofline
/// is measured on the same kind of memory the matmuls stream from; on ordinary pages it reads about 20% slower.
/// </summary>
public static class MemoryBandwidth
{
    /// <summary>Read bandwidth in bytes per second of each of <paramref name="runs"/> passes over a <paramref name="megabytes"/> MiB buffer.</summary>
    public static unsafe List<double> Measure(int threads, int megabytes = 512, int runs = 8)
    {
        var length = megabytes * (1 << 20) / sizeof(float);
        var data = (float*)LargePages.Allocate((long)length * sizeof(float));
        try
        {
            new Span<float>(data, length).Fill(1f);
            var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
            var chunks = threads * 8;
            var per = length / chunks;
            var rates = new List<double>();
            var sink = new double[chunks];
            var address = (nint)data;
            for (var run = 0; run < runs; run++)
            {
                var sw = Stopwatch.StartNew();
                Parallel.For(0, chunks, parallel, c => sink[c] = TensorPrimitives.Sum(new ReadOnlySpan<float>((float*)address + (long)c * per, per)));
                var seconds = sw.Elapsed.TotalSeconds;
                rates.Add((double)per * chunks * sizeof(float) / seconds);
            }

            GC.KeepAlive(sink);
            return rates;
        }
        finally
        {
            LargePages.Free(data);
        }
    }
}
