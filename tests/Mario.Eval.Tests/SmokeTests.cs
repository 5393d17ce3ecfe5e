namespace Mario.Eval.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Verdict_Equivalent_IsEquivalent() =>
        Assert.True(new Verdict(Outcome.Equivalent, EquivalenceMethod.Exact, "1/2 = 0.5").IsEquivalent);
}
