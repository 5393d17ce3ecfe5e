namespace Mario.Sandbox.Tests;

/// <summary>What a contained hostile cell must end as.</summary>
public enum Containment
{
    /// <summary>It ran to completion without an error (its effects stayed inside the sandbox).</summary>
    Success,

    /// <summary>It ended with an exception or a crash report, before the deadline.</summary>
    Error,

    /// <summary>It was killed at the wall-clock deadline.</summary>
    Timeout,

    /// <summary>Either: which one depends on machine speed (e.g. a fork bomb hits RLIMIT_NPROC or the deadline first).</summary>
    ErrorOrTimeout,
}
