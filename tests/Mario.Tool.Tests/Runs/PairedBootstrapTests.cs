using Mario.Tool.Runs;

namespace Mario.Tool.Tests.Runs;

public sealed class PairedBootstrapTests
{
    /// <summary>n paired problems: the first <paramref name="wins"/> right only in the second run, the next <paramref name="losses"/> only in the first, the rest right in both.</summary>
    private static (bool[] First, bool[] Second) Pairs(int n, int wins, int losses)
    {
        var first = new bool[n];
        var second = new bool[n];
        for (var i = 0; i < n; i++)
        {
            first[i] = i >= wins;
            second[i] = i < wins || i >= wins + losses;
        }

        return (first, second);
    }

    [Theory]
    // The exact bootstrap distribution of the paired difference is that of (w - l) / n with (w, l, ties) drawn
    // Multinomial(n; W/n, L/n, T/n); its 2.5%, 97.5% and 95% quantiles (smallest x with CDF >= q) were enumerated
    // with scipy.stats.multinomial.pmf in Python, independently of mario. The Monte Carlo estimate with B = 10000
    // lies within one grid step (1/n) of them.
    [InlineData(20, 5, 2, -0.1, 0.4, 0.35)]
    [InlineData(50, 3, 10, -0.28, 0.0, -0.02)]
    [InlineData(100, 15, 15, -0.11, 0.11, 0.09)]
    [InlineData(40, 0, 6, -0.275, -0.05, -0.075)]
    [InlineData(200, 30, 18, -0.005, 0.13, 0.115)]
    public void Interval_IsWithinOneStepOfTheExactBootstrapQuantiles(int n, int wins, int losses, double low, double high, double upper95)
    {
        var (first, second) = Pairs(n, wins, losses);

        var (l, h) = PairedBootstrap.Interval(first, second, 0.95, PairedBootstrap.DefaultResamples, seed: 0);
        var sorted = PairedBootstrap.Differences(first, second, PairedBootstrap.DefaultResamples, seed: 0);

        var step = 1.0 / n + 1e-9;
        Assert.InRange(l, low - step, low + step);
        Assert.InRange(h, high - step, high + step);
        Assert.InRange(PairedBootstrap.Quantile(sorted, 0.95), upper95 - step, upper95 + step);
    }

    [Fact]
    public void Differences_SameSeed_SameDraws_OtherSeed_OtherDraws()
    {
        var (first, second) = Pairs(60, 9, 4);

        var a = PairedBootstrap.Differences(first, second, 2000, seed: 7);
        var b = PairedBootstrap.Differences(first, second, 2000, seed: 7);
        var c = PairedBootstrap.Differences(first, second, 2000, seed: 8);

        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Differences_IdenticalRuns_AreAllZero()
    {
        var runs = Enumerable.Range(0, 30).Select(i => i % 3 == 0).ToArray();

        Assert.All(PairedBootstrap.Differences(runs, runs, 500, seed: 1), d => Assert.Equal(0.0, d));
    }

    [Fact]
    public void Differences_FollowTheSecondRun_MinusTheFirst()
    {
        var (first, second) = Pairs(10, 10, 0);

        Assert.All(PairedBootstrap.Differences(first, second, 100, seed: 3), d => Assert.Equal(1.0, d));
        Assert.All(PairedBootstrap.Differences(second, first, 100, seed: 3), d => Assert.Equal(-1.0, d));
    }

    [Theory]
    // numpy.quantile([-0.3, -0.1, 0.0, 0.05, 0.2], q) (linear, numpy's default).
    [InlineData(0.0, -0.3)]
    [InlineData(0.025, -0.27999999999999997)]
    [InlineData(0.5, 0.0)]
    [InlineData(0.95, 0.16999999999999998)]
    [InlineData(1.0, 0.2)]
    public void Quantile_IsNumpysLinearQuantile(double q, double expected) =>
        Assert.Equal(expected, PairedBootstrap.Quantile([-0.3, -0.1, 0.0, 0.05, 0.2], q), 1e-12);
}
