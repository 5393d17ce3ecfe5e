using System.Text.Json.Serialization;

namespace Mario.Tool.Runs;

/// <summary>
/// <c>summary.json</c>: the number a run produced and the identity of everything that made it. Written when a run
/// finishes (from its samples.jsonl, so a resumed run's summary covers every problem); read by the results table,
/// <c>--format json</c> and the tests. Only through <see cref="RunJson"/>; docs/run-files.md documents it.
/// </summary>
/// <param name="Schema">Format version, 1.</param>
/// <param name="Suite">The suite and the exact data.</param>
/// <param name="Model">The policy's id (e.g. <c>tiny</c>, <c>local:qwen2.5-math-1.5b</c>).</param>
/// <param name="ValueModel">The value model's id, or null.</param>
/// <param name="Strategy">The strategy's command-line name.</param>
/// <param name="Solver">The strategy instance's name with its options.</param>
/// <param name="StepFormat">The step format the prompts used.</param>
/// <param name="Sandbox">The sandbox's isolation summary, or "not used".</param>
/// <param name="UnsafeSandbox">True when the user opted out of isolation.</param>
/// <param name="Options">The run's options.</param>
/// <param name="Seed">The run seed.</param>
/// <param name="Tool">The tool version and commit.</param>
/// <param name="StartedAt">When the run first started, ISO 8601 UTC (<c>yyyy-MM-ddTHH:mm:ssZ</c>).</param>
/// <param name="FinishedAt">When this summary was written, ISO 8601 UTC.</param>
/// <param name="Metrics">Accuracy and counts.</param>
/// <param name="Warnings">Lines said before the run (e.g. prompts that do not fit the context window).</param>
/// <param name="Usage">Resources summed over the problems.</param>
/// <param name="ModelSha256">sha256 of the policy's files (checkpoint config, tokenizer and weights, or the scripted file); null for a server.</param>
/// <param name="ValueModelSha256">The same for the value model, or null.</param>
/// <param name="Server">For a policy served over HTTP: each endpoint's probe (software, version, context length), the
/// sampling fields actually sent, request, retry, failure and cache-hit counts; omitted for other policies.</param>
/// <param name="PromptType">The prompt type the prompts were written with (docs/prompt-types.md), e.g. <c>qwen-boxed</c>; null in summaries written before prompt types.</param>
/// <param name="FewShotIds">The ids of the demonstrations the run's prompts use, in their pool's order (empty at 0 shots); null in summaries written before prompt types.</param>
public sealed record RunSummary(
    int Schema,
    SuiteIdentity Suite,
    string Model,
    string? ValueModel,
    string Strategy,
    string Solver,
    string StepFormat,
    string Sandbox,
    bool UnsafeSandbox,
    SummaryOptions Options,
    ulong Seed,
    ToolIdentity Tool,
    string StartedAt,
    string FinishedAt,
    SummaryMetrics Metrics,
    IReadOnlyList<string> Warnings,
    SummaryUsage Usage,
    string? ModelSha256 = null,
    string? ValueModelSha256 = null,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Mario.Models.Clients.PolicyServerInfo? Server = null,
    string? PromptType = null,
    IReadOnlyList<string>? FewShotIds = null)
{
    /// <summary>The current format version.</summary>
    public const int CurrentSchema = 1;
}
