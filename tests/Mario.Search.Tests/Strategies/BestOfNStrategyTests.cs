using Mario.Models.Scripted;
using Mario.Search.Strategies;
using Mario.Testing;

namespace Mario.Search.Tests.Strategies;

public sealed class BestOfNStrategyTests
{
    // Three chains, each a code step then an answer. PRM scores per step (code, answer):
    //   A -> "5": (0.9, 0.1)   min 0.1   last 0.1   mean 0.5    prod 0.95*0.55 = 0.5225
    //   B -> "7": (0.2, 0.3)   min 0.2   last 0.3   mean 0.25   prod 0.60*0.65 = 0.39
    //   C -> "9": (-0.2, 0.8)  min -0.2  last 0.8   mean 0.3    prod 0.40*0.90 = 0.36
    [Theory]
    [InlineData(ScoreAggregation.Min, "7", 0.2)]
    [InlineData(ScoreAggregation.Last, "9", 0.8)]
    [InlineData(ScoreAggregation.Mean, "5", 0.5)]
    [InlineData(ScoreAggregation.Prod, "5", 0.5225)]
    public async Task Solve_PicksBestAggregatedChain(ScoreAggregation aggregation, string expected, double score)
    {
        var (policy, value, sandbox) = Script();
        var strategy = new BestOfNStrategy(new BestOfNOptions(Samples: 3, Aggregation: aggregation));

        var result = await strategy.SolveAsync(Tagged.Problem, Tagged.Context(policy, value, sandbox), default);

        Assert.Equal(expected, result.Answer);
        Assert.Equal(score, result.Candidates[0].Score!.Value, 9);
        Assert.Equal(3, result.Candidates.Count);
        Assert.Equal(aggregation == ScoreAggregation.Last ? 3 : 6, result.Usage.ValueCalls);
    }

    private static (ScriptedLanguageModel, FixedValueModel, FakeSandbox) Script()
    {
        var policy = new ScriptedLanguageModel()
            .On(Tagged.RootSuffix, Tagged.Code("A.", "print(5)"), Tagged.Code("B.", "print(7)"), Tagged.Code("C.", "print(9)"))
            .On(Tagged.After(Tagged.CodeNode("A.", "print(5)", "5")), Tagged.Answer("So A.", "5"))
            .On(Tagged.After(Tagged.CodeNode("B.", "print(7)", "7")), Tagged.Answer("So B.", "7"))
            .On(Tagged.After(Tagged.CodeNode("C.", "print(9)", "9")), Tagged.Answer("So C.", "9"));
        var sandbox = new FakeSandbox().Prints("print(5)", "5").Prints("print(7)", "7").Prints("print(9)", "9");
        var value = new FixedValueModel(-1)
            .On(Tagged.After(Tagged.CodeNode("A.", "print(5)", "5")), 0.9).On(Tagged.After(Tagged.AnswerNode("So A.", "5")), 0.1)
            .On(Tagged.After(Tagged.CodeNode("B.", "print(7)", "7")), 0.2).On(Tagged.After(Tagged.AnswerNode("So B.", "7")), 0.3)
            .On(Tagged.After(Tagged.CodeNode("C.", "print(9)", "9")), -0.2).On(Tagged.After(Tagged.AnswerNode("So C.", "9")), 0.8);
        return (policy, value, sandbox);
    }
}
