using System.Numerics;

namespace Mario.Tool.Runs;

/// <summary>
/// Tails of the binomial distribution with success probability one half, computed exactly: the counts are summed as
/// big integers and divided by 2^n only at the end, so no normal approximation and no underflow at large n.
/// </summary>
public static class ExactBinomial
{
    /// <summary>P(X &lt;= <paramref name="k"/>) for X ~ Binomial(<paramref name="n"/>, 1/2), in [0, 1].</summary>
    /// <param name="n">Trials, at least 0.</param>
    /// <param name="k">Successes; below 0 gives 0, at least n gives 1.</param>
    public static double HalfLowerTail(int n, int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (k < 0)
        {
            return 0;
        }

        if (k >= n)
        {
            return 1;
        }

        // C(n, i) for i = 0..k, each from the previous one: C(n, i + 1) = C(n, i) (n - i) / (i + 1), exact.
        var term = BigInteger.One;
        var sum = BigInteger.One;
        for (var i = 0; i < k; i++)
        {
            term = term * (n - i) / (i + 1);
            sum += term;
        }

        return Ratio(sum, n);
    }

    /// <summary>P(X &gt;= <paramref name="k"/>) for X ~ Binomial(<paramref name="n"/>, 1/2), in [0, 1] (the distribution is symmetric).</summary>
    /// <param name="n">Trials, at least 0.</param>
    /// <param name="k">Successes; at most 0 gives 1, above n gives 0.</param>
    public static double HalfUpperTail(int n, int k) => HalfLowerTail(n, n - k);

    /// <summary><paramref name="count"/> / 2^<paramref name="power"/> as the nearest double below, from the top 63 bits.</summary>
    private static double Ratio(BigInteger count, int power)
    {
        var bits = (int)count.GetBitLength();
        var shift = Math.Max(0, bits - 63);
        var top = (double)(count >> shift);
        return Math.Min(1, Math.ScaleB(top, shift - power));
    }
}
