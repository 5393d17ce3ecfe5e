using System.Diagnostics;
using System.Numerics.Tensors;

namespace Mario.Tool.Commands.Bench;

/// <summary>A streaming-read benchmark: sums a buffer much larger than the caches with the given threads.</summary>
public static class MemoryBandwidth
{
    /// <summary>Read bandwidth in bytes per second of each of <paramref name="runs"/> passes over a <paramref name="megabytes"/> MiB buffer.</summary>
    public static List<double> Measure(int threads, int megabytes = 512, int runs = 8)
    {
        var data = new float[megabytes * (1 << 20) / sizeof(float)];
        Array.Fill(data, 1f);
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = threads };
        var chunks = threads * 8;
        var per = data.Length / chunks;
        var rates = new List<double>();
        var sink = new double[chunks];
        for (var run = 0; run < runs; run++)
        {
            var sw = Stopwatch.StartNew();
            Parallel.For(0, chunks, parallel, c => sink[c] = TensorPrimitives.Sum(data.AsSpan(c * per, per)));
            var seconds = sw.Elapsed.TotalSeconds;
            rates.Add((double)per * chunks * sizeof(float) / seconds);
        }

        GC.KeepAlive(sink);
        return rates;
    }
}
