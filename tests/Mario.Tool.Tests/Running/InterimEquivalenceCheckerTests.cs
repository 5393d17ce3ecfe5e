using Mario.Eval;
using Mario.Tool.Running;

namespace Mario.Tool.Tests.Running;

public sealed class InterimEquivalenceCheckerTests
{
    [Theory]
    [InlineData("145.0", "145", Outcome.Equivalent)]
    [InlineData("$18$", "18", Outcome.Equivalent)]
    [InlineData("1,000", "1000", Outcome.Equivalent)]
    [InlineData("\\text{B}", "B", Outcome.Equivalent)]
    [InlineData("70000", "120000", Outcome.NotEquivalent)]
    [InlineData("\\frac{1}{2}", "0.5", Outcome.NotEquivalent)]
    [InlineData("3", "", Outcome.NotEquivalent)]
    public void Check_GoldAndPrediction_GivesOutcome(string gold, string predicted, Outcome expected)
    {
        Assert.Equal(expected, new InterimEquivalenceChecker().Check(gold, predicted).Outcome);
    }
}
