namespace Mario.Sandbox;

/// <summary>What the last cell of an execution produced.</summary>
/// <param name="Stdout">Captured standard output of the last cell (untruncated up to the sandbox's cap).</param>
/// <param name="Stderr">Captured standard error of the last cell.</param>
/// <param name="Error">The exception the cell raised, or null.</param>
/// <param name="TimedOut">True when the wall-clock or CPU deadline killed the execution.</param>
/// <param name="Elapsed">Wall-clock time of the whole execution, replay included.</param>
public sealed record ExecutionResult(string Stdout, string Stderr, ExecutionError? Error, bool TimedOut, TimeSpan Elapsed)
{
    /// <summary>True when the cell ran to completion without an exception or a timeout.</summary>
    public bool Succeeded => Error is null && !TimedOut;
}
