using System.Text.Json.Serialization;

namespace Mario.Tool.Runs;

/// <summary>Source-generated serializers for the run files (no reflection); options come from <see cref="RunJson"/>.</summary>
[JsonSerializable(typeof(SampleLine))]
[JsonSerializable(typeof(RunSummary))]
[JsonSerializable(typeof(RunManifest))]
[JsonSerializable(typeof(ComparisonManifest))]
[JsonSerializable(typeof(EvalResults))]
internal sealed partial class RunJsonContext : JsonSerializerContext;
