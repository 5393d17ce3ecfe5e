using Mario.Search;
using Mario.Tool.Suites;

namespace Mario.Tool.Tests.Suites;

public sealed class ProblemSelectionTests
{
    private static readonly LoadedSuite Suite = new(
        Mario.Tool.Suites.SuiteCatalog.LoadEmbedded().Find("gsm8k-test-mini")!,
        "x", "sha",
        Enumerable.Range(0, 10).Select(i => new Problem($"p{i}", "q", "1")).ToList());

    [Theory]
    [InlineData(null, null, null, "p0,p1,p2,p3,p4,p5,p6,p7,p8,p9")]
    [InlineData(null, null, 3, "p0,p1,p2")]
    [InlineData(null, "1/3", null, "p0,p3,p6,p9")]
    [InlineData(null, "3/3", 1, "p2")]
    [InlineData("p9,p1,p4", null, null, "p1,p4,p9")]
    [InlineData("p9,p1,p4", "2/2", null, "p4")]
    public void Apply_IdsShardLimit_SelectInThatOrder(string? ids, string? shard, int? limit, string expected)
    {
        var selection = new ProblemSelection(ids?.Split(','), shard is null ? null : ShardSpec.Parse(shard).Shard, limit);

        var (problems, error) = selection.Apply(Suite);

        Assert.Null(error);
        Assert.Equal(expected, string.Join(",", problems.Select(p => p.Id)));
    }

    [Fact]
    public void Apply_UnknownId_NamesIt()
    {
        var (_, error) = new ProblemSelection(["p1", "nope"], null, null).Apply(Suite);

        Assert.StartsWith("--ids: nope not in suite 'gsm8k-test-mini'", error);
    }

    [Theory]
    [InlineData("3/2", "--shard 3/2: shard index must be in 1..2")]
    [InlineData("0/2", "--shard 0/2: shard index must be in 1..2")]
    [InlineData("1/0", "--shard 1/0: shard index must be in 1..1")]
    [InlineData("a/b", "--shard 'a/b': expected i/n")]
    [InlineData("2", "--shard '2': expected i/n")]
    public void ShardParse_Invalid_IsOneLineWithExample(string text, string expected)
    {
        var (shard, error) = ShardSpec.Parse(text);

        Assert.Null(shard);
        Assert.StartsWith(expected, error);
        Assert.Contains("e.g. --shard", error);
    }
}
