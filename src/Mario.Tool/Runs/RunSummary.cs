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
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Mario.Models.Clients.PolicyServerInfo? Server = null)
{
    /// <summary>The current format version.</summary>
    public const int CurrentSchema = 1;
}

/// <summary>Which suite, exactly.</summary>
/// <param name="Id">Suite id.</param>
/// <param name="Version">Manifest version.</param>
/// <param name="DataFile">Data file name.</param>
/// <param name="DataSha256">sha256 of the data file that was read.</param>
/// <param name="Rows">Rows the manifest declares.</param>
public sealed record SuiteIdentity(string Id, int Version, string DataFile, string DataSha256, int Rows);

/// <summary>The options that shape a run's results.</summary>
/// <param name="Strategy">Every strategy option, defaults included, name to value, sorted by name.</param>
/// <param name="Seed">Run seed.</param>
/// <param name="Concurrency">Problems in flight.</param>
/// <param name="MaxTokens">Token budget per step.</param>
/// <param name="Limit">--limit, or null.</param>
/// <param name="Ids">--ids, or null.</param>
/// <param name="Shard">--shard as i/n, or null.</param>
/// <param name="DataDir">--data-dir, or null.</param>
public sealed record SummaryOptions(
    IReadOnlyDictionary<string, string> Strategy,
    ulong Seed,
    int Concurrency,
    int MaxTokens,
    int? Limit,
    IReadOnlyList<string>? Ids,
    string? Shard,
    string? DataDir);

/// <summary>The tool that made the run.</summary>
/// <param name="Version">Package version.</param>
/// <param name="Commit">Git commit it was built from, or <c>unknown</c>.</param>
public sealed record ToolIdentity(string Version, string Commit);

/// <summary>Accuracy and the counts behind it.</summary>
/// <param name="N">Problems with a sample line.</param>
/// <param name="Selected">Problems selected (after ids, shard and limit).</param>
/// <param name="Missing">Selected problems without a line (non-zero only for an unfinished run).</param>
/// <param name="Correct">Lines whose verdict is equivalent.</param>
/// <param name="Accuracy">Correct / n in [0, 1] (4 decimals; 0 when n is 0).</param>
/// <param name="StandardError">sqrt(p(1-p)/(n-1)), lm-evaluation-harness's standard error (4 decimals).</param>
/// <param name="Ci95">The Wilson 95% interval of the accuracy.</param>
/// <param name="Answered">Lines with an extracted answer.</param>
/// <param name="NoAnswer">Lines without an answer that did not error.</param>
/// <param name="Errors">Lines whose solving failed.</param>
/// <param name="Outcomes">Verdicts by outcome.</param>
/// <param name="Methods">Verdicts by deciding method (kebab-case names).</param>
/// <param name="NoAnswerReasons">Lines without an answer by reason (kebab-case names), each with its first problem id.</param>
/// <param name="Coverage">Share of problems, in [0, 1], for which some candidate answer is correct (4 decimals).</param>
/// <param name="PassAtK">For strategies that draw k independent samples (maj, bon): the unbiased pass@k estimate for
/// k = 1..samples, keyed by k (4 decimals), a sample without an answer counting as wrong; null for other strategies.</param>
public sealed record SummaryMetrics(
    int N,
    int Selected,
    int Missing,
    int Correct,
    double Accuracy,
    double StandardError,
    Interval Ci95,
    int Answered,
    int NoAnswer,
    int Errors,
    OutcomeCounts Outcomes,
    IReadOnlyDictionary<string, int> Methods,
    IReadOnlyDictionary<string, ReasonCount> NoAnswerReasons,
    double Coverage,
    IReadOnlyDictionary<string, double>? PassAtK);

/// <summary>A confidence interval.</summary>
/// <param name="Method">How it was computed (<c>wilson</c>).</param>
/// <param name="Low">Lower end in [0, 1].</param>
/// <param name="High">Upper end in [0, 1].</param>
public sealed record Interval(string Method, double Low, double High);

/// <summary>Verdicts by outcome.</summary>
/// <param name="Equivalent">Equivalent.</param>
/// <param name="NotEquivalent">Not equivalent.</param>
/// <param name="Unknown">Unknown (a budget ran out; counted as wrong).</param>
public sealed record OutcomeCounts(int Equivalent, int NotEquivalent, int Unknown);

/// <summary>How many lines share a no-answer reason, and the first of them.</summary>
/// <param name="Count">Lines with the reason.</param>
/// <param name="Example">The first such problem id, in file order.</param>
public sealed record ReasonCount(int Count, string Example);

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
