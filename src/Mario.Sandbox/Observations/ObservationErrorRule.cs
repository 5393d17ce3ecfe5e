namespace Mario.Sandbox.Observations;

/// <summary>How <see cref="Observation.IsError"/> is decided.</summary>
public enum ObservationErrorRule
{
    /// <summary>mario's rule: the cell raised an exception or timed out (structured, no false positives).</summary>
    Structured,

    /// <summary>
    /// The references' rule, for exact reproduction: Super_MARIO counts an observation containing <c>Error</c>
    /// (case-sensitive), rStar one containing <c>error</c> in any case, so a printed word "error" counts too.
    /// </summary>
    ReferenceSubstring,
}
