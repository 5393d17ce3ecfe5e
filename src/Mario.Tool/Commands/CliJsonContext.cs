using System.Text.Json.Serialization;

namespace Mario.Tool.Commands;

/// <summary>Source-generated serializers for the <c>--format json</c> documents: snake_case, indented, no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SuiteListJson))]
[JsonSerializable(typeof(CheckVerdictJson))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
