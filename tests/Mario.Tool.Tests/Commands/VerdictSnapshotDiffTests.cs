using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Commands;

/// <summary>The message a moved default comparison fails with names the strategies and problems that moved.</summary>
public sealed class VerdictSnapshotDiffTests
{
    private const string Approved = """
        ## greedy: 1/2 = 50.0% [9.5%, 90.5%] (value model tiny#value)
        p0 gold=10 answer=- wrong
        p1 gold=945 answer=945 correct
        ## maj@5: 2/2 = 100.0% [34.2%, 100.0%] (value model tiny#value)
        p0 gold=10 answer=10 correct
        p1 gold=945 answer=945 correct
        """;

    public static TheoryData<string, string, string?> Changes() => new()
    {
        { "nothing moved", Approved, null },
        {
            "an answer changed but stayed wrong",
            Approved.Replace("p0 gold=10 answer=- wrong", "p0 gold=10 answer=11 wrong"),
            "greedy: 1/2 = 50.0% [9.5%, 90.5%] (value model tiny#value) -> 1/2 = 50.0% [9.5%, 90.5%] (value model tiny#value)\n  p0: still wrong, answer - -> 11\n"
        },
        {
            "only the interval moved",
            Approved.Replace("[34.2%, 100.0%]", "[34.3%, 100.0%]"),
            "maj@5: 2/2 = 100.0% [34.2%, 100.0%] (value model tiny#value) -> 2/2 = 100.0% [34.3%, 100.0%] (value model tiny#value)\n"
        },
        {
            "a strategy left and one came",
            Approved.Replace("## maj@5:", "## maj@3:"),
            "maj@5: no longer in the comparison (was 2/2 = 100.0% [34.2%, 100.0%] (value model tiny#value))\nmaj@3: new in the comparison (2/2 = 100.0% [34.2%, 100.0%] (value model tiny#value))\n"
        },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Describe_NamesWhatMoved(string why, string received, string? expected)
    {
        var description = VerdictSnapshotDiff.Describe(Approved, received);

        Assert.True(expected == description, $"{why}:\n{description}");
    }

    [Fact]
    public void Describe_AProblemTurnedWrong_NamesIdOldAndNewCorrectnessAndAnswers()
    {
        var received = Approved.Replace("p1 gold=945 answer=945 correct\n## maj", "p1 gold=945 answer=94 wrong\n## maj")
            .Replace("## greedy: 1/2 = 50.0% [9.5%, 90.5%]", "## greedy: 0/2 = 0.0% [0.0%, 65.8%]");

        var description = VerdictSnapshotDiff.Describe(Approved, received);

        Assert.Equal(
            "greedy: 1/2 = 50.0% [9.5%, 90.5%] (value model tiny#value) -> 0/2 = 0.0% [0.0%, 65.8%] (value model tiny#value)\n  p1: correct -> wrong (gold 945, answer 945 -> 94)\n",
            description);
    }
}
