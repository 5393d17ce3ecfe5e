using Mario.Models.Scripted;
using Mario.Search.Strategies;
using Mario.Testing;

namespace Mario.Search.Tests.Strategies;

public sealed class StepBeamSearchStrategyTests
{
    [Fact]
    public async Task Solve_B1Two_B2Two_RootSampledFourTimesAndFinishedBeamsShrinkWidth()
    {
        // Reference SBS with B1=2, B2=2:
        // t=0: the root alone is sampled B1*B2 = 4 times: a (0.1), b (0.9), c (0.5), d (0.3) -> keep top 2: b, c.
        // t=1: b and c get B2 = 2 samples each: b -> answer "10" (0.8), code b2 (0.2); c -> answer "20" (0.95), code c2 (0.7).
        //      Global ranking 0.95, 0.8, 0.7, 0.2 -> top 2 are both answers: each finished beam shrinks the width to 0.
        // Solutions by value: "20" then "10"; the answer is "20". Exactly 3 requests: [4], [2, 2].
        var policy = new ScriptedLanguageModel()
            .On(Tagged.RootSuffix, Tagged.Code("a", "x=1"), Tagged.Code("b", "x=2"), Tagged.Code("c", "x=3"), Tagged.Code("d", "x=4"))
            .On(Tagged.After(Tagged.CodeNode("b", "x=2", "")), Tagged.Answer("b1", "10"), Tagged.Code("b2", "y=1"))
            .On(Tagged.After(Tagged.CodeNode("c", "x=3", "")), Tagged.Answer("c1", "20"), Tagged.Code("c2", "y=2"));
        var value = new FixedValueModel()
            .On(Tagged.After(Tagged.CodeNode("a", "x=1", "")), 0.1)
            .On(Tagged.After(Tagged.CodeNode("b", "x=2", "")), 0.9)
            .On(Tagged.After(Tagged.CodeNode("c", "x=3", "")), 0.5)
            .On(Tagged.After(Tagged.CodeNode("d", "x=4", "")), 0.3)
            .On(Tagged.After(Tagged.AnswerNode("b1", "10")), 0.8)
            .On(Tagged.After(Tagged.CodeNode("b2", "y=1", "")), 0.2)
            .On(Tagged.After(Tagged.AnswerNode("c1", "20")), 0.95)
            .On(Tagged.After(Tagged.CodeNode("c2", "y=2", "")), 0.7);
        var strategy = new StepBeamSearchStrategy(new StepBeamOptions(BeamWidth: 2, SamplesPerStep: 2));

        var result = await strategy.SolveAsync(Tagged.Problem, Tagged.Context(policy, value), default);

        Assert.Equal("20", result.Answer);
        Assert.Equal([("20", 0.95), ("10", 0.8)], result.Candidates.Select(c => (c.Answer, c.Value!.Value)));
        Assert.Equal([4, 2, 2], policy.Requests.Select(r => r.Count));
        Assert.Equal(2, policy.Calls);
        Assert.Equal(8, result.Usage.ValueCalls);
        Snapshot.Match(result.Tree.ToJson(indented: true));
    }

    [Theory]
    [InlineData(false, "1")]
    [InlineData(true, "2")]
    public async Task Solve_Vote_MajorityOverFinishedBeams(bool vote, string expected)
    {
        // B1=3, B2=1: the root gets 3 samples, all answers: "1" (0.9), "2" (0.5), "2" (0.4). Without voting the top
        // value wins; with voting "2" has two of the three finished beams.
        var policy = new ScriptedLanguageModel()
            .On(Tagged.RootSuffix, Tagged.Answer("x", "1"), Tagged.Answer("y", "2"), Tagged.Answer("z", "2"));
        var value = new FixedValueModel()
            .On(Tagged.After(Tagged.AnswerNode("x", "1")), 0.9)
            .On(Tagged.After(Tagged.AnswerNode("y", "2")), 0.5)
            .On(Tagged.After(Tagged.AnswerNode("z", "2")), 0.4);
        var strategy = new StepBeamSearchStrategy(new StepBeamOptions(BeamWidth: 3, SamplesPerStep: 1, Vote: vote));

        var result = await strategy.SolveAsync(Tagged.Problem, Tagged.Context(policy, value), default);

        Assert.Equal(expected, result.Answer);
    }

    [Fact]
    public async Task Solve_NoValueModel_KeepsGenerationOrderAndDropsUnparsable()
    {
        // Without a value function every value is missing, so the order is generation order (reference sbs_greedy).
        // The unparsable first sample stays in the tree but never takes a beam slot; duplicates are removed.
        var policy = new ScriptedLanguageModel()
            .On(Tagged.RootSuffix, new ScriptedSample("junk", "</step>", -0.1), Tagged.Answer("p", "3"), Tagged.Answer("p", "3"), Tagged.Answer("q", "4"));
        var strategy = new StepBeamSearchStrategy(new StepBeamOptions(BeamWidth: 1, SamplesPerStep: 4, Temperature: 0));

        var result = await strategy.SolveAsync(Tagged.Problem, Tagged.Context(policy), default);

        Assert.Equal("3", result.Answer);
        Assert.Equal(["0", "0.0", "0.1", "0.2"], result.Tree.Nodes.Select(n => n.Id));
        Assert.Equal(Mario.Search.Tree.TerminalReason.Unparsable, result.Tree.Nodes[1].Terminal);
    }
}
