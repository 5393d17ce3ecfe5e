namespace Mario.Tool.Runs;

/// <summary>Interval estimates for an accuracy (a proportion of correct problems).</summary>
public static class Statistics
{
    /// <summary>The two-sided 95% normal quantile.</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// The standard error of the mean of n 0/1 outcomes with <paramref name="correct"/> ones, using the sample
    /// standard deviation (n - 1), as lm-evaluation-harness reports it: sqrt(p(1 - p) / (n - 1)); 0 when n &lt; 2.
    /// </summary>
    public static double StandardError(int correct, int n)
    {
        if (n < 2)
        {
            return 0;
        }

        var p = (double)correct / n;
        return Math.Sqrt(p * (1 - p) / (n - 1));
    }

    /// <summary>
    /// The Wilson score 95% interval for <paramref name="correct"/> successes out of <paramref name="n"/>, in [0, 1];
    /// (0, 1) when n is 0. Unlike the normal interval it stays inside [0, 1] and is not empty at 0% or 100%.
    /// </summary>
    public static (double Low, double High) Wilson95(int correct, int n)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(correct);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, correct);
        if (n == 0)
        {
            return (0, 1);
        }

        var p = (double)correct / n;
        var z2 = Z95 * Z95;
        var denominator = 1 + z2 / n;
        var centre = (p + z2 / (2 * n)) / denominator;
        var half = Z95 * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
