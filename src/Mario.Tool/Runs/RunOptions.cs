using System.Text.Json.Serialization;
using Mario.Search.Steps;
using Mario.Search.Strategies;

namespace Mario.Tool.Runs;

/// <summary>
/// The options of one run as stored in run.json and comparison.json: everything that decides its results, plus the
/// two settings a resume may change (<see cref="Concurrency"/>, <see cref="DataDir"/>). Model specs are stored in the
/// text form <c>--model</c> takes, paths absolute, so a resume works from any folder.
/// </summary>
/// <param name="Suite">Suite id, or the absolute path of a manifest.</param>
/// <param name="Model">The policy spec, e.g. <c>tiny</c>, <c>local:/abs/dir</c>, <c>openai:URL#NAME</c>.</param>
/// <param name="ValueModel">The value model spec, or null.</param>
/// <param name="Strategy">The strategy, spelled as <c>--strategy</c> names it (<c>maj</c>, <c>rstar-mcts</c>).</param>
/// <param name="StrategyOptions">The strategy options given (<c>name=value</c>, sorted by name); defaults are not stored.</param>
/// <param name="StepFormat">The <c>--step-format</c> override, or null for the suite's own.</param>
/// <param name="Ids">Only these problem ids, or null for all.</param>
/// <param name="Shard">The shard, <c>i/n</c> (1-based), or null.</param>
/// <param name="Limit">At most this many problems (at least 1), or null.</param>
/// <param name="Seed">The run seed; per-problem seeds derive from it and the problem id.</param>
/// <param name="Concurrency">Problems solved at once, 1 to 256 (does not change results).</param>
/// <param name="MaxTokens">Token budget per generated step, 1 to 32768.</param>
/// <param name="DataDir">Folder searched first for suite data, or null (does not change results).</param>
/// <param name="UnsafeSandbox">True when the user opted out of sandbox isolation.</param>
/// <param name="Client">Sampling fields and model-server settings (<c>--top-p</c>, <c>--top-k</c>, <c>--min-p</c>, the API
/// key's variable name, <c>--chat</c>, cache, retries); omitted when not given. Never the API key itself.</param>
public sealed record RunOptions(
    string Suite,
    string Model,
    string? ValueModel,
    [property: JsonConverter(typeof(StrategyKindJsonConverter))] StrategyKind Strategy,
    IReadOnlyDictionary<string, string> StrategyOptions,
    [property: JsonConverter(typeof(StepFormatJsonConverter))] StepFormatKind? StepFormat,
    IReadOnlyList<string>? Ids,
    string? Shard,
    int? Limit,
    ulong Seed,
    int Concurrency,
    int MaxTokens,
    string? DataDir,
    bool UnsafeSandbox,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] Mario.Tool.Running.PolicyClientSettings? Client = null);
