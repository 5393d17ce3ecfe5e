using Mario.Tool.Runs;

namespace Mario.Tool.Tests.Runs;

public sealed class StatisticsTests
{
    [Theory]
    // Wilson score intervals at z = 1.96, from the closed form evaluated independently in Python (4 decimals).
    [InlineData(0, 10, 0.0, 0.2775)]
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(10, 10, 0.7225, 1.0)]
    [InlineData(17, 25, 0.4841, 0.8279)]
    [InlineData(0, 0, 0.0, 1.0)]
    public void Wilson95_KnownCounts_GiveTheTabulatedInterval(int correct, int n, double low, double high)
    {
        var (l, h) = Statistics.Wilson95(correct, n);

        Assert.Equal(low, l, 4);
        Assert.Equal(high, h, 4);
    }

    [Theory]
    [InlineData(5, 10, 0.1667)]
    [InlineData(0, 10, 0.0)]
    [InlineData(1, 1, 0.0)]
    [InlineData(17, 25, 0.0952)]
    public void StandardError_IsTheSampleStandardErrorOfTheMean(int correct, int n, double expected) =>
        Assert.Equal(expected, Statistics.StandardError(correct, n), 4);
}
