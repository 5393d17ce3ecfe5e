namespace Mario.Eval;

/// <summary>Tuning for <see cref="EquivalenceChecker"/>; the defaults are the documented policy (docs/checker.md).</summary>
/// <param name="Seed">Seed of the probe points for expressions with variables; fixed so verdicts are reproducible.</param>
/// <param name="ProbePoints">Number of random points (1..64) at which expressions with variables must agree.</param>
/// <param name="MaxSteps">Work budget per check in abstract steps (parse nodes, arithmetic operations, big-number words).</param>
/// <param name="TimeLimit">Wall-clock cap per check; the budget also stops there (default 40 ms, below the 50 ms promise).</param>
public sealed record EquivalenceOptions(
    int Seed = 20240611,
    int ProbePoints = 5,
    long MaxSteps = 400_000,
    TimeSpan? TimeLimit = null)
{
    /// <summary>The documented defaults.</summary>
    public static EquivalenceOptions Default { get; } = new();

    /// <summary>The wall-clock cap actually used.</summary>
    public TimeSpan EffectiveTimeLimit => TimeLimit ?? TimeSpan.FromMilliseconds(40);

    /// <summary>Throws when a field is out of range; called once by the checker's constructor.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A field is out of its documented range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ProbePoints, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ProbePoints, 64);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxSteps, 1000);
        if (EffectiveTimeLimit <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(TimeLimit), "The time limit must be positive.");
        }
    }
}
