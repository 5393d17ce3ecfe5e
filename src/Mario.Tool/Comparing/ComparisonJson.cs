using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mario.Tool.Runs;

namespace Mario.Tool.Comparing;

/// <summary>The JSON of <c>compare --format json</c>: camelCase fields, closed sets in kebab case, indented.</summary>
public static class ComparisonJson
{
    private static readonly ComparisonJsonContext Context = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        Converters = { new KebabEnumConverter<ProblemFacet>() },
    });

    /// <summary>The report as indented JSON ending in a newline.</summary>
    public static string Serialize(ComparisonReport report) => JsonSerializer.Serialize(report, Context.ComparisonReport) + "\n";

    /// <summary>Parses a report (tests, tools reading the output).</summary>
    public static ComparisonReport? Parse(string text) => JsonSerializer.Deserialize(text, Context.ComparisonReport);
}

/// <summary>Source-generated serializers of the comparison report.</summary>
[JsonSerializable(typeof(ComparisonReport))]
internal sealed partial class ComparisonJsonContext : JsonSerializerContext;
