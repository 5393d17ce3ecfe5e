using Mario.Eval;
using Mario.Tool.Running;
using Mario.Tool.Suites;

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

    [Theory]
    [InlineData("B", "(B)", CompareMode.Choice, Outcome.Equivalent)]
    [InlineData("B", "b.", CompareMode.Choice, Outcome.Equivalent)]
    [InlineData("B", "(C)", CompareMode.Choice, Outcome.NotEquivalent)]
    [InlineData("B", "(B)", CompareMode.Math, Outcome.NotEquivalent)]
    [InlineData("Bob", "B", CompareMode.Choice, Outcome.NotEquivalent)]
    public void Check_ChoiceMode_ComparesLetters(string gold, string predicted, CompareMode mode, Outcome expected)
    {
        Assert.Equal(expected, new InterimEquivalenceChecker(mode).Check(gold, predicted).Outcome);
    }
}
