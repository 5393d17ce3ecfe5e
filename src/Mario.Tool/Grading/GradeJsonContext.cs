using System.Text.Json.Serialization;

namespace Mario.Tool.Grading;

/// <summary>Source-generated serializer for <c>grade --format json</c>: snake_case like the other CLI documents, indented, no reflection.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(GradeReportJson))]
internal sealed partial class GradeJsonContext : JsonSerializerContext;
