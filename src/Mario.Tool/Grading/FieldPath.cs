using System.Text;
using System.Text.Json.Nodes;

namespace Mario.Tool.Grading;

/// <summary>
/// A path into a JSON line: member names separated by '.', each followed by zero or more array indexes, e.g.
/// <c>resps[0][0]</c>, <c>doc.answer</c>, <c>score[*]</c>. At most one <c>[*]</c>: it stands for every element
/// (one graded sample each, as in Qwen2.5-Math's per-line lists of n samples).
/// </summary>
public sealed class FieldPath
{
    private readonly IReadOnlyList<Step> _steps;

    private FieldPath(string text, IReadOnlyList<Step> steps)
    {
        Text = text;
        _steps = steps;
    }

    /// <summary>The path as written.</summary>
    public string Text { get; }

    /// <summary>Whether the path has a <c>[*]</c> step.</summary>
    public bool HasWildcard => _steps.Any(s => s.Wildcard);

    /// <summary>Parses <paramref name="text"/>; returns the path or a one-line error saying what was expected.</summary>
    public static (FieldPath? Path, string? Error) Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var steps = new List<Step>();
        var i = 0;
        while (i < text.Length)
        {
            var name = new StringBuilder();
            while (i < text.Length && text[i] is not ('.' or '[' or ']' or '|'))
            {
                name.Append(text[i++]);
            }

            if (name.Length > 0)
            {
                steps.Add(new Step(name.ToString(), null, false));
            }
            else if (steps.Count == 0 || (i > 0 && text[i - 1] == '.'))
            {
                return (null, $"'{text}': expected a field name at position {i + 1} (e.g. resps[0][0] or doc.answer)");
            }

            while (i < text.Length && text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                var inner = close < 0 ? "" : text[(i + 1)..close];
                if (inner == "*")
                {
                    steps.Add(new Step(null, null, true));
                }
                else if (int.TryParse(inner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
                {
                    steps.Add(new Step(null, index, false));
                }
                else
                {
                    return (null, $"'{text}': expected [N] or [*] at position {i + 1}");
                }

                i = close + 1;
            }

            if (i < text.Length)
            {
                if (text[i] != '.' || i == text.Length - 1)
                {
                    return (null, $"'{text}': unexpected '{text[i]}' at position {i + 1}");
                }

                i++;
            }
        }

        if (steps.Count(s => s.Wildcard) > 1)
        {
            return (null, $"'{text}': at most one [*]");
        }

        return steps.Count == 0 ? (null, "empty field path") : (new FieldPath(text, steps), null);
    }

    /// <summary>Parses a path known to be valid (the built-in mappings).</summary>
    internal static FieldPath Of(string text) => Parse(text).Path ?? throw new ArgumentException(text, nameof(text));

    /// <summary>The node at this path, with <c>[*]</c> taken as <paramref name="element"/>; null when any step is missing.</summary>
    public JsonNode? Resolve(JsonNode root, int element = 0)
    {
        JsonNode? node = root;
        foreach (var step in _steps)
        {
            node = step switch
            {
                { Name: { } name } => node is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null,
                _ => node is JsonArray array && (step.Wildcard ? element : step.Index!.Value) is var at && at < array.Count ? array[at] : null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    /// <summary>How many elements the <c>[*]</c> step ranges over in <paramref name="root"/>; 1 without a wildcard, 0 when missing or not an array.</summary>
    public int WildcardCount(JsonNode root)
    {
        JsonNode? node = root;
        foreach (var step in _steps)
        {
            if (step.Wildcard)
            {
                return node is JsonArray array ? array.Count : 0;
            }

            node = step.Name is { } name
                ? node is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null
                : node is JsonArray arr && step.Index!.Value < arr.Count ? arr[step.Index.Value] : null;
            if (node is null)
            {
                return 0;
            }
        }

        return 1;
    }

    /// <inheritdoc/>
    public override string ToString() => Text;

    private sealed record Step(string? Name, int? Index, bool Wildcard);
}
