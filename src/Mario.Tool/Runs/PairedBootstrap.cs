namespace Mario.Tool.Runs;

/// <summary>
/// The paired bootstrap of a difference in accuracy: draw the paired problems n times with replacement, take
/// accuracy(second) - accuracy(first) on the draw, repeat. Resampling pairs (not each run alone) keeps the
/// correlation between the runs, which is what makes a paired interval narrower than an unpaired one. The draws come
/// from SplitMix64 seeded with <c>seed</c>, so the same inputs, count and seed give the same interval on any machine.
/// </summary>
public static class PairedBootstrap
{
    /// <summary>The default number of resamples.</summary>
    public const int DefaultResamples = 10_000;

    /// <summary>The default seed.</summary>
    public const ulong DefaultSeed = 0;

    /// <summary>
    /// The bootstrap distribution of accuracy(second) - accuracy(first), sorted ascending, one value in [-1, 1] per
    /// resample; all zeros when there are no pairs.
    /// </summary>
    /// <param name="first">The first run's correctness per paired problem.</param>
    /// <param name="second">The second run's correctness on the same problems, in the same order.</param>
    /// <param name="resamples">Resamples, 1 to 10,000,000.</param>
    /// <param name="seed">The generator's seed.</param>
    public static double[] Differences(IReadOnlyList<bool> first, IReadOnlyList<bool> second, int resamples, ulong seed)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        ArgumentOutOfRangeException.ThrowIfNotEqual(second.Count, first.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(resamples, 10_000_000);
        var n = first.Count;
        var result = new double[resamples];
        if (n == 0)
        {
            return result;
        }

        // Only the sign of each pair matters: +1 second alone right, -1 first alone right, 0 otherwise.
        var delta = new int[n];
        for (var i = 0; i < n; i++)
        {
            delta[i] = (second[i] ? 1 : 0) - (first[i] ? 1 : 0);
        }

        var state = seed;
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0;
            for (var i = 0; i < n; i++)
            {
                // Multiply-shift maps a 64-bit draw onto 0..n-1 (bias below n / 2^64).
                sum += delta[(int)(((UInt128)Next(ref state) * (ulong)n) >> 64)];
            }

            result[r] = (double)sum / n;
        }

        Array.Sort(result);
        return result;
    }

    /// <summary>
    /// The <paramref name="q"/> quantile of sorted values by linear interpolation between order statistics
    /// (position q (m - 1) in 0-based order; numpy's default, Hyndman and Fan's type 7).
    /// </summary>
    /// <param name="sorted">Values sorted ascending, at least one.</param>
    /// <param name="q">The probability, in [0, 1].</param>
    public static double Quantile(IReadOnlyList<double> sorted, double q)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        ArgumentOutOfRangeException.ThrowIfZero(sorted.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(q, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(q, 1);
        var position = q * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }

    /// <summary>
    /// The two-sided percentile interval: the (1 - confidence)/2 and (1 + confidence)/2 quantiles of
    /// <see cref="Differences"/>.
    /// </summary>
    /// <param name="first">The first run's correctness per paired problem.</param>
    /// <param name="second">The second run's correctness on the same problems.</param>
    /// <param name="confidence">Coverage in (0, 1), e.g. 0.95.</param>
    /// <param name="resamples">Resamples, 1 to 10,000,000.</param>
    /// <param name="seed">The generator's seed.</param>
    public static (double Low, double High) Interval(IReadOnlyList<bool> first, IReadOnlyList<bool> second, double confidence, int resamples, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(confidence, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(confidence, 1);
        var sorted = Differences(first, second, resamples, seed);
        return (Quantile(sorted, (1 - confidence) / 2), Quantile(sorted, (1 + confidence) / 2));
    }

    /// <summary>SplitMix64 (Steele, Lea and Flood 2014): a fixed, tiny generator, identical on every runtime.</summary>
    private static ulong Next(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        var z = state;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
