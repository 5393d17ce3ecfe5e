namespace Mario.Tool.Running;

/// <summary>Resources one problem took.</summary>
/// <param name="PromptTokens">Prompt tokens summed over model calls, as backends count them.</param>
/// <param name="GeneratedTokens">Generated tokens summed over model calls.</param>
/// <param name="ModelCalls">Number of generation requests.</param>
/// <param name="SandboxRuns">Number of code executions.</param>
/// <param name="Steps">Reasoning steps expanded (1 for a whole-solution completion).</param>
/// <param name="Elapsed">Wall-clock time spent solving.</param>
/// <param name="Solutions">Complete solutions (answer nodes) the search produced; Super_MARIO's "solutions" column.</param>
/// <param name="ValueCalls">Partial solutions scored by the value model.</param>
public sealed record SolveUsage(long PromptTokens, long GeneratedTokens, int ModelCalls, int SandboxRuns, int Steps, TimeSpan Elapsed, int Solutions = 0, int ValueCalls = 0)
{
    /// <summary>Nothing spent.</summary>
    public static SolveUsage None { get; } = new(0, 0, 0, 0, 0, TimeSpan.Zero);
}
