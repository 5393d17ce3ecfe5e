using Mario.Eval.Scoring;
using Mario.Testing;

namespace Mario.Eval.Tests.Scoring;

public sealed class MajorityVoteTests
{
    private static readonly StringEquivalenceChecker Checker = new();

    [Fact]
    public void Vote_MostFrequentCluster_Wins() =>
        Assert.Equal("7", MajorityVote.Vote(["3", "7", "7", null, "3", "7"], Checker)[0].Representative);

    [Fact]
    public void Vote_Tie_GoesToFirstAppearance() =>
        Assert.Equal("3", MajorityVote.Vote(["3", "7", "7", "3"], Checker)[0].Representative);

    [Fact]
    public void Vote_Weights_OverrideCounts()
    {
        var clusters = MajorityVote.Vote(["3", "7", "7"], Checker, [0.9, 0.2, 0.3]);
        Assert.Equal(("3", 1), (clusters[0].Representative, clusters[0].Votes));
        Assert.Equal([1, 2], clusters[1].Members);
    }

    [Fact]
    public void Vote_AllNull_HasNoCluster() => Assert.Empty(MajorityVote.Vote([null, null], Checker));
}
