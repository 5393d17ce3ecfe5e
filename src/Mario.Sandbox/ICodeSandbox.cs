namespace Mario.Sandbox;

/// <summary>Runs model-written Python out of process, isolated. Model code failing is a result, not an exception.</summary>
public interface ICodeSandbox
{
    /// <summary>
    /// Runs <paramref name="cells"/> in order in one fresh interpreter (earlier cells replay the trajectory's
    /// state; their output is discarded) and returns what the last cell produced.
    /// Throws only when the sandbox itself cannot run (no interpreter, isolation unavailable).
    /// </summary>
    ValueTask<ExecutionResult> RunAsync(IReadOnlyList<string> cells, CancellationToken cancellationToken);
}
