using Mario.Tool.Comparing;

namespace Mario.Tool.Tests.Comparing;

public sealed class GateRuleTests
{
    /// <summary>n problems: the first <paramref name="losses"/> right only in the baseline, the next <paramref name="wins"/> only in the candidate, then <paramref name="both"/> right in both, the rest wrong in both.</summary>
    private static (bool[] Baseline, bool[] Candidate) Pairs(int n, int losses, int wins, int both)
    {
        var baseline = new bool[n];
        var candidate = new bool[n];
        for (var i = 0; i < n; i++)
        {
            baseline[i] = i < losses || (i >= losses + wins && i < losses + wins + both);
            candidate[i] = (i >= losses && i < losses + wins + both);
        }

        return (baseline, candidate);
    }

    [Theory]
    // n, losses, wins, both right, max-drop points, alpha, passes
    [InlineData(50, 0, 0, 25, 0.0, 0.05, true)] // identical results
    [InlineData(25, 3, 0, 5, 0.0, 0.05, true)] // 3 losses, no win: the bootstrap bound is below 0 but McNemar p = 0.125
    [InlineData(50, 10, 0, 20, 0.0, 0.05, false)] // p = 2^-10, bound far below 0
    [InlineData(50, 10, 0, 20, 30.0, 0.05, true)] // the same drop of 20 points is within a 30-point margin
    [InlineData(100, 10, 2, 40, 0.0, 0.05, false)] // p = 0.0193, drop 8 points, bound near -2.5 points
    [InlineData(100, 10, 2, 40, 5.0, 0.05, true)] // ... which does not rule out a drop of only 5 points
    [InlineData(100, 10, 2, 40, 0.0, 0.01, true)] // ... and is not significant at 1%
    [InlineData(100, 2, 10, 40, 0.0, 0.05, true)] // the candidate is better
    [InlineData(40, 0, 0, 0, 0.0, 0.05, true)] // both always wrong
    public void Decide_FailsOnlyForASupportedDropBeyondTheMargin(int n, int losses, int wins, int both, double maxDrop, double alpha, bool passes)
    {
        var (baseline, candidate) = Pairs(n, losses, wins, both);

        var decision = GateRule.Decide(baseline, candidate, new GateSettings(maxDrop, alpha, 10_000, 0));

        Assert.Equal(passes, decision.Passed);
        Assert.Equal(losses, decision.Losses);
        Assert.Equal(wins, decision.Wins);
        Assert.Equal((double)(wins - losses) / n, decision.Difference, 12);
        Assert.StartsWith(passes ? "gate passed: " : "gate failed: ", decision.Line());
    }

    [Fact]
    public void Line_OfAFailure_GivesTheNumbersBehindIt()
    {
        var (baseline, candidate) = Pairs(50, 10, 0, 20);

        var line = GateRule.Decide(baseline, candidate, new GateSettings(0, 0.05, 10_000, 0)).Line();

        Assert.StartsWith("gate failed: candidate 40.0% vs baseline 60.0% on 50 problems (-20.0 points; 10 lost, 0 won): 95% upper bound ", line);
        Assert.Contains("(paired bootstrap, B = 10000, seed 0) is below 0 points and exact one-sided McNemar p = 0.0010 < 0.05", line);
        Assert.DoesNotContain('\n', line);
    }

    [Fact]
    public void Line_OfAPassWithFewDiscordantProblems_SaysTheTestDecided()
    {
        var (baseline, candidate) = Pairs(25, 3, 0, 5);

        var line = GateRule.Decide(baseline, candidate, new GateSettings(0, 0.05, 10_000, 0)).Line();

        Assert.Contains("exact one-sided McNemar p = 0.1250 is not below 0.05 (too few discordant problems to call a drop)", line);
    }

    [Theory]
    [InlineData(-1.0, 0.05, 10_000, "--max-drop")]
    [InlineData(101.0, 0.05, 10_000, "--max-drop")]
    [InlineData(0.0, 0.0, 10_000, "--alpha")]
    [InlineData(0.0, 0.6, 10_000, "--alpha")]
    [InlineData(0.0, double.NaN, 10_000, "--alpha")]
    [InlineData(0.0, 0.05, 10, "--resamples")]
    public void Settings_OutOfRange_NameTheOption(double maxDrop, double alpha, int resamples, string option) =>
        Assert.StartsWith(option, new GateSettings(maxDrop, alpha, resamples, 0).Problem());
}
