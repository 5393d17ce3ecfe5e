namespace Mario.Search;

/// <summary>What one problem's search cost.</summary>
/// <param name="PromptTokens">Prompt tokens as the backend counted them, once per request (not per sample).</param>
/// <param name="GeneratedTokens">Tokens generated over all samples.</param>
/// <param name="ModelCalls">Generation requests (prompts) sent; a request for n samples counts once.</param>
/// <param name="ValueCalls">Texts scored by the value model.</param>
/// <param name="SandboxRuns">Code executions.</param>
/// <param name="Steps">Steps of the chosen trajectory (its depth), 0 when there is no answer.</param>
/// <param name="Nodes">Nodes created, root excluded.</param>
/// <param name="Solutions">Answer nodes in the tree (the "solutions" column of Super_MARIO's table).</param>
/// <param name="Elapsed">Wall-clock time of the search.</param>
public sealed record SearchUsage(
    long PromptTokens, long GeneratedTokens, int ModelCalls, int ValueCalls, int SandboxRuns, int Steps, int Nodes, int Solutions, TimeSpan Elapsed);
