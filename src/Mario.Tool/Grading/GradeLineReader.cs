using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mario.Tool.Grading;

/// <summary>Reads the samples of one JSON line through a <see cref="FieldMapping"/>; errors name the field and what was expected.</summary>
public static class GradeLineReader
{
    /// <summary>
    /// The samples in <paramref name="line"/> (one, or one per element of a <c>[*]</c> completion list), or a
    /// one-line error without the file prefix (e.g. <c>field 'target': missing (format lm-eval reads gold from target|doc.answer)</c>).
    /// </summary>
    /// <param name="line">The parsed line.</param>
    /// <param name="mapping">Where the fields are.</param>
    /// <param name="formatName">The input format's name, for messages.</param>
    /// <param name="lineNumber">1-based line number (the id when the line has none).</param>
    public static (IReadOnlyList<GradeItem>? Items, string? Error) Read(JsonObject line, FieldMapping mapping, string formatName, int lineNumber)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(mapping);
        var completionPath = mapping.Completion.FirstOrDefault(p => p.Resolve(line) is not null || (p.HasWildcard && p.WildcardCount(line) > 0));
        if (completionPath is null)
        {
            return (null, Missing(FieldRole.Completion, mapping, formatName));
        }

        var goldPath = mapping.Gold.FirstOrDefault(p => p.Resolve(line) is not null);
        if (goldPath is null)
        {
            return (null, Missing(FieldRole.Gold, mapping, formatName));
        }

        var (gold, goldError) = Scalar(goldPath.Resolve(line)!, goldPath);
        if (gold is null)
        {
            return (null, goldError);
        }

        var idParts = mapping.Id.Select(p => p.Resolve(line)).Where(n => n is not null).Select(n => Scalar(n!, null).Text ?? n!.ToJsonString()).ToList();
        var id = idParts.Count == 0 ? $"line {lineNumber.ToString(CultureInfo.InvariantCulture)}" : string.Join('/', idParts);
        var count = completionPath.WildcardCount(line);
        var verdictPath = mapping.Verdict.FirstOrDefault(p => p.Resolve(line) is not null);
        var items = new List<GradeItem>(count);
        for (var k = 0; k < count; k++)
        {
            var (completion, completionError) = completionPath.Resolve(line, k) is { } node ? Scalar(node, completionPath) : (null, $"field '{completionPath.Text}': element {k} missing");
            if (completion is null)
            {
                return (null, completionError);
            }

            bool? fileCorrect = null;
            if (verdictPath is not null)
            {
                var (correct, verdictError) = Verdict(verdictPath.Resolve(line, k), verdictPath, k);
                if (verdictError is not null)
                {
                    return (null, verdictError);
                }

                fileCorrect = correct;
            }

            var itemId = count > 1 ? $"{id}#{k.ToString(CultureInfo.InvariantCulture)}" : id;
            items.Add(new GradeItem(itemId, gold, completion, fileCorrect, k));
        }

        return (items, null);
    }

    private static string Missing(FieldRole role, FieldMapping mapping, string formatName)
    {
        var paths = mapping.Paths(role);
        var name = role.ToString().ToLowerInvariant();
        return $"field '{paths[0].Text}': missing (format {formatName} reads {name} from {mapping.Describe(role)}; name the field with --field {name}=PATH or pick --input-format {string.Join('|', GradeInputFormats.Names)})";
    }

    private static (string? Text, string? Error) Scalar(JsonNode node, FieldPath? path) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => (v.GetValue<string>(), null),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => (v.ToJsonString(), null),
        _ => (null, $"field '{path?.Text}': expected a string or number, found {Kind(node)}{(node is JsonArray ? $" (index into it, e.g. {path?.Text}[0])" : "")}"),
    };

    private static (bool? Correct, string? Error) Verdict(JsonNode? node, FieldPath path, int element) => node switch
    {
        null => (null, $"field '{path.Text}': element {element} missing (the file's verdicts must line up with its completions)"),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => (v.GetValue<bool>(), null),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => (v.GetValue<double>() != 0, null),
        _ => (null, $"field '{path.Text}': expected true/false or a number (non-zero = correct), found {Kind(node)}"),
    };

    private static string Kind(JsonNode node) => node.GetValueKind() switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "a number",
    };
}
