using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using Mario.Search.Steps;
using Mario.Search.Strategies;

namespace Mario.Tool.Runs;

/// <summary>
/// JSON Schemas of the run files, exported from the typed records themselves, so the committed schema files
/// (docs/schemas/) cannot drift from what mario writes: a test compares them.
/// </summary>
public static class RunSchemas
{
    /// <summary>The schema of one samples.jsonl line.</summary>
    public static JsonNode SampleLine() => Export(typeof(SampleLine), "mario samples.jsonl line", "One finished problem of a mario run (docs/run-files.md).");

    /// <summary>The schema of summary.json.</summary>
    public static JsonNode Summary() => Export(typeof(RunSummary), "mario summary.json", "The result of a mario run and the identity of everything that made it (docs/run-files.md).");

    /// <summary>The schema of run.json.</summary>
    public static JsonNode RunManifest() => Export(typeof(RunManifest), "mario run.json", "What a mario run was started with; --resume and merge read it (docs/run-files.md).");

    /// <summary>The schema of comparison.json.</summary>
    public static JsonNode Comparison() => Export(typeof(ComparisonManifest), "mario comparison.json", "The runs of a mario comparison folder, in table order (docs/run-files.md).");

    /// <summary>The schema of a file by its name in docs/schemas (<c>sample-line</c>, <c>summary</c>, <c>run</c>, <c>comparison</c>).</summary>
    public static JsonNode ByName(string name) => name switch
    {
        "sample-line" => SampleLine(),
        "summary" => Summary(),
        "run" => RunManifest(),
        "comparison" => Comparison(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "expected sample-line, summary, run or comparison"),
    };

    private static JsonNode Export(Type type, string title, string description)
    {
        var schema = RunJson.SerializerOptions.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions
        {
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = NameClosedSets,
        });
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["title"] = title,
            ["description"] = description,
        };
        foreach (var (key, value) in schema.AsObject().ToList())
        {
            root[key] = value?.DeepClone();
        }

        return root;
    }

    /// <summary>
    /// Closed sets bound through Mario.Search's name tables (custom converters, which the exporter cannot see into)
    /// get their names as an enum, so a misspelled strategy or step format fails validation.
    /// </summary>
    private static JsonNode NameClosedSets(JsonSchemaExporterContext context, JsonNode schema)
    {
        var type = context.PropertyInfo?.PropertyType ?? context.TypeInfo.Type;
        IReadOnlyList<string>? names = type == typeof(StrategyKind) ? StrategyNames.Canonical
            : type == typeof(StepFormatKind?) || type == typeof(StepFormatKind) ? [.. StepFormats.Names.Keys]
            : null;
        var nullable = type == typeof(StepFormatKind?);
        if (names is null)
        {
            return schema;
        }

        var values = new JsonArray(names.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray());
        if (nullable)
        {
            values.Add(null);
        }

        return new JsonObject { ["type"] = nullable ? new JsonArray("string", "null") : "string", ["enum"] = values };
    }
}
