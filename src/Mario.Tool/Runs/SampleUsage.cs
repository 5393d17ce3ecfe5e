namespace Mario.Tool.Runs;

/// <summary>What one problem took.</summary>
/// <param name="PromptTokens">Prompt tokens summed over model calls, as the backend counted them.</param>
/// <param name="GeneratedTokens">Generated tokens summed over model calls.</param>
/// <param name="ModelCalls">Generation requests.</param>
/// <param name="SandboxRuns">Code executions.</param>
/// <param name="Steps">Reasoning steps expanded.</param>
/// <param name="Solutions">Complete solutions (answer nodes) the search produced.</param>
/// <param name="ValueCalls">Partial solutions the value model scored.</param>
/// <param name="ElapsedMs">Wall-clock milliseconds spent solving (1 decimal); a measurement, not a result.</param>
public sealed record SampleUsage(
    long PromptTokens,
    long GeneratedTokens,
    int ModelCalls,
    int SandboxRuns,
    int Steps,
    int Solutions = 0,
    int ValueCalls = 0,
    double ElapsedMs = 0);
