using Mario.Eval.Scoring;

namespace Mario.Eval.Tests.Scoring;

public sealed class MetricsTests
{
    [Theory]
    [InlineData(10, 0, 1, 0.0)]
    [InlineData(10, 10, 5, 1.0)]
    [InlineData(10, 3, 1, 0.3)]
    [InlineData(5, 1, 2, 0.4)]
    [InlineData(4, 2, 2, 5.0 / 6.0)]
    [InlineData(10, 8, 3, 1.0)]
    public void PassAtK_MatchesTheUnbiasedEstimator(int n, int c, int k, double expected) =>
        Assert.Equal(expected, Metrics.PassAtK(n, c, k), 12);

    [Theory]
    [InlineData(0, 0, 1)]
    [InlineData(5, 6, 1)]
    [InlineData(5, 1, 6)]
    [InlineData(5, -1, 1)]
    public void PassAtK_OutOfRange_Throws(int n, int c, int k) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Metrics.PassAtK(n, c, k));

    [Fact]
    public void Accuracy_CountsTrueFraction()
    {
        Assert.Equal(0.5, Metrics.Accuracy([true, false, true, false]));
        Assert.Equal(0.0, Metrics.Accuracy([]));
    }

    [Fact]
    public void MajorityAtK_ClustersEquivalentForms()
    {
        var checker = new EquivalenceChecker();
        string?[] answers = ["0.5", "\\frac{1}{2}", "3", "1/2", "3", "3"];
        Assert.True(Metrics.MajorityAtK(answers, "\\dfrac12", 4, checker));
        Assert.True(Metrics.MajorityAtK(answers, "\\dfrac12", 6, checker)); // 3 votes each: the first cluster wins the tie
        Assert.False(Metrics.MajorityAtK(["3", "3", "0.5"], "1/2", 3, checker));
    }

    [Fact]
    public void MajorityVote_WithTheRealChecker_MergesEquivalentAnswers()
    {
        var clusters = MajorityVote.Vote(["0.5", "\\frac{1}{2}", "3", "1/2"], new EquivalenceChecker());
        Assert.Equal(("0.5", 3), (clusters[0].Representative, clusters[0].Votes));
    }

    [Fact]
    public void MeanPassAtK_AveragesProblems() =>
        Assert.Equal(0.65, Metrics.MeanPassAtK([(10, 3), (10, 10)], 1), 12);
}
