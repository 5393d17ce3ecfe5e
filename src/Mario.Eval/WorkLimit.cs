namespace Mario.Eval;

/// <summary>
/// The counted limits of one check (docs/checker.md, "Budget"). When one runs out the verdict is
/// <see cref="Outcome.Unknown"/> with <see cref="EquivalenceMethod.Budget"/> and <see cref="Verdict.Exhausted"/> naming it.
/// None of them is wall-clock time, so a verdict is a function of the two answers and the options only.
/// </summary>
public enum WorkLimit
{
    /// <summary>The step count (<see cref="EquivalenceOptions.MaxSteps"/>): parse nodes, arithmetic operations, big-number words.</summary>
    Steps,

    /// <summary>An answer longer than the parser reads (characters after extraction and cleaning).</summary>
    Length,

    /// <summary>Nesting deeper than the parser follows (brackets, fractions, roots, powers).</summary>
    Depth,

    /// <summary>An exact number larger than the checker holds (digits, bits, factorial or power size).</summary>
    Magnitude,
}
