using Mario.Tool.Runs;

namespace Mario.Tool.Tests.Runs;

public sealed class McNemarTests
{
    [Theory]
    // (b, c, two-sided p, one-sided "greater" p) from scipy 1.10.1 (Debian python3-scipy), computed independently:
    //   from scipy.stats import binomtest
    //   binomtest(b, b + c, 0.5).pvalue, binomtest(b, b + c, 0.5, alternative="greater").pvalue
    [InlineData(1, 1, 1.0, 0.75)]
    [InlineData(3, 0, 0.25, 0.125)]
    [InlineData(0, 7, 0.015625, 1.0)]
    [InlineData(5, 1, 0.21875, 0.109375)]
    [InlineData(10, 2, 0.03857421875, 0.019287109375)]
    [InlineData(12, 25, 0.04703102743951604, 0.9899630740401335)]
    [InlineData(40, 60, 0.05688793364098088, 0.9823998998911476)]
    [InlineData(100, 150, 0.0018833009350761704, 0.9993934618674185)]
    [InlineData(700, 800, 0.01055925546671162, 0.9954549983642541)]
    [InlineData(2000, 2150, 0.020715456049267052, 0.9904656758031529)]
    [InlineData(9, 9, 1.0, 0.5927352905273438)]
    [InlineData(20, 0, 1.9073486328125e-06, 9.5367431640625e-07)]
    public void Exact_DiscordantCounts_GiveScipysBinomialTestValues(int onlyFirst, int onlySecond, double twoSided, double oneSided)
    {
        Assert.Equal(twoSided, McNemar.ExactTwoSided(onlyFirst, onlySecond), 1e-12);
        Assert.Equal(oneSided, McNemar.ExactOneSidedWorse(onlyFirst, onlySecond), 1e-12);
    }

    [Fact]
    public void Exact_NoDiscordantPair_IsNoEvidence()
    {
        Assert.Equal(1.0, McNemar.ExactTwoSided(0, 0));
        Assert.Equal(1.0, McNemar.ExactOneSidedWorse(0, 0));
    }

    [Fact]
    public void Exact_IsSymmetricInTheTwoRuns() =>
        Assert.Equal(McNemar.ExactTwoSided(37, 61), McNemar.ExactTwoSided(61, 37));

    [Theory]
    // Far beyond where 2^-n underflows a double (n > 1074) the tail is still exact: P(X <= 0) = 2^-n is tiny but
    // P(X <= n/2) of an even n is 1/2 + C(n, n/2)/2^(n+1), from Python's exact integers:
    //   from fractions import Fraction; from math import comb
    //   float(Fraction(sum(comb(n, i) for i in range(k + 1)), 2**n))
    [InlineData(4000, 2000, 0.5063074370779177)]
    [InlineData(3000, 1400, 0.00013928198051961686)]
    [InlineData(10, 3, 0.171875)]
    [InlineData(10, -1, 0.0)]
    [InlineData(10, 10, 1.0)]
    public void HalfLowerTail_MatchesExactRationalArithmetic(int n, int k, double expected) =>
        Assert.Equal(expected, ExactBinomial.HalfLowerTail(n, k), 1e-13);
}
