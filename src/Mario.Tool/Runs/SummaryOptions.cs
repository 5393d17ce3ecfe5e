using System.Text.Json.Serialization;

namespace Mario.Tool.Runs;

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
