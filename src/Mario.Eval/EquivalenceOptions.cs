namespace Mario.Eval;

/// <summary>Tuning for <see cref="EquivalenceChecker"/>; the defaults are the documented policy (docs/checker.md).</summary>
/// <param name="Seed">Seed of the probe points for expressions with variables; fixed so verdicts are reproducible.</param>
/// <param name="ProbePoints">Number of random points (1..64) at which expressions with variables must agree.</param>
/// <param name="MaxSteps">
/// Work budget per check in counted steps (parse nodes, arithmetic operations, big-number word products; 1000 or more).
/// It is the only bound on a check's work: there is no wall-clock limit, so a verdict depends on the inputs alone.
/// </param>
public sealed record EquivalenceOptions(
    int Seed = 20240611,
    int ProbePoints = 5,
    long MaxSteps = 100_000)
{
    /// <summary>The documented defaults.</summary>
    public static EquivalenceOptions Default { get; } = new();

    /// <summary>Throws when a field is out of range; called once by the checker's constructor.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of its documented range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ProbePoints, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ProbePoints, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSteps, 1000);
    }
}
