using Mario.Eval;

namespace Mario.Testing;

/// <summary>A test double for <see cref="IEquivalenceChecker"/>: equal after trimming, nothing more.</summary>
public sealed class StringEquivalenceChecker : IEquivalenceChecker
{
    /// <inheritdoc />
    public Verdict Check(string gold, string predicted) =>
        string.Equals(gold.Trim(), predicted.Trim(), StringComparison.Ordinal)
            ? new Verdict(Outcome.Equivalent, EquivalenceMethod.String, "equal strings")
            : new Verdict(Outcome.NotEquivalent, EquivalenceMethod.String, "different strings");
}
