namespace Mario.Eval;

/// <summary>The result of an equivalence check, with the method that decided it and a one-line reason.</summary>
/// <param name="Outcome">Equivalent, not equivalent, or unknown.</param>
/// <param name="Method">The cascade stage that decided.</param>
/// <param name="Reason">A one-line human-readable explanation.</param>
public sealed record Verdict(Outcome Outcome, EquivalenceMethod Method, string Reason)
{
    /// <summary>True only for <see cref="Outcome.Equivalent"/>; unknown counts as not equivalent.</summary>
    public bool IsEquivalent => Outcome == Outcome.Equivalent;

    /// <summary>The counted limit that ran out (with <see cref="EquivalenceMethod.Budget"/>); null when none did.</summary>
    public WorkLimit? Exhausted { get; init; }

    /// <summary>Budget steps the check spent (0..<see cref="EquivalenceOptions.MaxSteps"/> plus one overdrawing charge); a function of the inputs.</summary>
    public long Steps { get; init; }
}
