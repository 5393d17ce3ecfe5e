using System.Text.Json.Nodes;

namespace Mario.Tool.Tests.Conformance;

/// <summary>
/// One tree node of either side, keyed by content rather than by id: the texts on its path from the root, plus the
/// rank among earlier siblings with the same text. Child indices differ between the two sides whenever the reference's
/// set() ordering or a deliberate difference moves them; the content key does not.
/// </summary>
/// <param name="Key">Content key.</param>
/// <param name="Id">The side's own id (tag), for messages.</param>
/// <param name="Visits">N, or null when the side does not record it (beam search).</param>
/// <param name="Q">Q rounded to 6 decimals, or null.</param>
/// <param name="Prior">Prior rounded to 6 decimals, or null.</param>
/// <param name="Value">Value estimate, or null when none was set.</param>
internal sealed record ConformanceNode(string Key, string Id, int? Visits, double? Q, double? Prior, double? Value)
{
    /// <summary>The reference's nodes (expected.json, tag-keyed states of Super_MARIO).</summary>
    public static Dictionary<string, ConformanceNode> FromReference(JsonObject expected) =>
        Build(expected["nodes"]!.AsArray().Select(n => n!.AsObject()), "tag", n =>
            ((int?)n["visits"], (double?)n["q"], (double?)n["prior"], (double?)n["value"] is { } v && v != -100 ? v : null));

    /// <summary>mario's nodes (the sample's tree dump).</summary>
    public static Dictionary<string, ConformanceNode> FromMario(JsonObject sample, bool invalidToo = false) =>
        Build(
            sample["tree"]!["nodes"]!.AsArray().Select(n => n!.AsObject()).Where(n => invalidToo || (string?)n["kind"] != "invalid"),
            "id",
            n => ((int?)n["visits"], (double?)n["q"] is { } q ? Math.Round(q, 6) : null, (double?)n["prior"] is { } p ? Math.Round(p, 6) : null, (double?)n["value"]));

    /// <summary>The key of the node with id/tag <paramref name="id"/> in <paramref name="nodes"/>.</summary>
    public static string KeyOf(Dictionary<string, ConformanceNode> nodes, string id) => nodes.Values.Single(n => n.Id == id).Key;

    private static Dictionary<string, ConformanceNode> Build(
        IEnumerable<JsonObject> records, string idField, Func<JsonObject, (int? Visits, double? Q, double? Prior, double? Value)> stats)
    {
        var keyById = new Dictionary<string, string>(StringComparer.Ordinal);
        var byKey = new Dictionary<string, ConformanceNode>(StringComparer.Ordinal);
        foreach (var record in records)
        {
            var id = (string)record[idField]!;
            var cut = id.LastIndexOf('.');
            var parentKey = cut < 0 ? "" : keyById[id[..cut]];
            var baseKey = cut < 0 ? "root" : parentKey + " / " + (string)record["text"]!;
            var key = baseKey;
            for (var rank = 1; byKey.ContainsKey(key); rank++)
            {
                key = $"{baseKey} #{rank}";
            }

            keyById[id] = key;
            var (visits, q, prior, value) = stats(record);
            byKey[key] = new ConformanceNode(key, id, visits, q, prior, value);
        }

        return byKey;
    }
}
