using Mario.Eval;

namespace Mario.Tool.Runs;

/// <summary>A sample line's verdict: <c>{outcome, method, reason}</c>, the closed sets spelled in kebab case.</summary>
/// <param name="Outcome">equivalent, not-equivalent or unknown.</param>
/// <param name="Method">The checker stage that decided (string, exact, symbolic, structural, numeric, budget, parse).</param>
/// <param name="Reason">One line a person can read.</param>
public sealed record SampleVerdict(Outcome Outcome, EquivalenceMethod Method, string Reason)
{
    /// <summary>The record of a checker verdict.</summary>
    public static SampleVerdict Of(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new SampleVerdict(verdict.Outcome, verdict.Method, verdict.Reason);
    }
}
