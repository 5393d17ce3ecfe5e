using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

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

    /// <summary>The schema of a gate baseline file.</summary>
    public static JsonNode GateBaseline() => Export(typeof(GateBaseline), "mario gate baseline", "What a run of one model scored, problem by problem, to gate later runs against (docs/ci.md).");

    private static JsonNode Export(Type type, string title, string description)
    {
        var schema = RunJson.SerializerOptions.GetJsonSchemaAsNode(type, new JsonSchemaExporterOptions { TreatNullObliviousAsNonNullable = true });
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
}
