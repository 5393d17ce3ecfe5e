using System.Text.Json.Serialization;

namespace Mario.Tool.Runs;

/// <summary>Resources summed over a run's problems.</summary>
/// <param name="PromptTokens">Prompt tokens.</param>
/// <param name="GeneratedTokens">Generated tokens.</param>
/// <param name="ModelCalls">Generation requests.</param>
/// <param name="SandboxRuns">Code executions.</param>
/// <param name="Steps">Steps expanded.</param>
/// <param name="Solutions">Complete solutions produced.</param>
/// <param name="ValueCalls">Prefixes scored by the value model.</param>
/// <param name="ElapsedMs">Sum of the problems' solving times in ms (1 decimal).</param>
/// <param name="MeanElapsedMs">Mean solving time per problem in ms (1 decimal).</param>
public sealed record SummaryUsage(
    long PromptTokens,
    long GeneratedTokens,
    int ModelCalls,
    int SandboxRuns,
    int Steps,
    int Solutions,
    int ValueCalls,
    double ElapsedMs,
    double MeanElapsedMs);
