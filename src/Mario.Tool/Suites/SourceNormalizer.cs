using System.Text;
using System.Text.Json;

namespace Mario.Tool.Suites;

/// <summary>Turns a verified source file into the normalized JSONL described by SOURCES.md for the suites that support it.</summary>
public static class SourceNormalizer
{
    /// <summary>
    /// Normalizes <paramref name="source"/> (UTF-8 JSONL). Returns the normalized file's text, or a one-line error
    /// naming the source line and field.
    /// </summary>
    public static (string? Text, string? Error) Normalize(SuiteManifest manifest, string source, string sourceName)
    {
        var pull = manifest.Pull;
        var prefix = pull.IdPrefix ?? manifest.Id;
        var builder = new StringBuilder(source.Length * 3 / 2);
        var lines = source.Split('\n');
        var row = 0;
        for (var i = 0; i < lines.Length && (pull.Take is not { } take || row < take); i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(lines[i]);
            }
            catch (JsonException ex)
            {
                return (null, $"{sourceName}:{i + 1}: malformed JSON: {ex.Message}");
            }

            using (document)
            {
                var id = $"{prefix}-{row.ToString().PadLeft(pull.IdWidth, '0')}";
                var (members, error) = pull.Normalizer switch
                {
                    PullNormalizer.Gsm8k => Gsm8k(document.RootElement, id),
                    PullNormalizer.Math500 => Math500(document.RootElement, id),
                    _ => (null, $"suite '{manifest.Id}' has no normalizer"),
                };
                if (members is null)
                {
                    return (null, $"{sourceName}:{i + 1}: {error}");
                }

                PythonStyleJson.AppendObject(builder, members);
                builder.Append('\n');
                row++;
            }
        }

        return (builder.ToString(), null);
    }

    private static (List<(string, object)>? Members, string? Error) Gsm8k(JsonElement root, string id)
    {
        if (!TryString(root, "question", out var question) || !TryString(root, "answer", out var full))
        {
            return (null, "expected string fields 'question' and 'answer'");
        }

        var mark = full.LastIndexOf("####", StringComparison.Ordinal);
        if (mark < 0)
        {
            return (null, "answer: no '####' final-answer marker");
        }

        var answer = full[(mark + 4)..].Trim().Replace(",", "");
        var solution = full[..mark].Trim();
        return ([("id", id), ("question", question), ("answer", answer), ("solution", solution), ("orig_answer", full)], null);
    }

    private static (List<(string, object)>? Members, string? Error) Math500(JsonElement root, string id)
    {
        if (!TryString(root, "problem", out var problem) || !TryString(root, "answer", out var answer) || !TryString(root, "solution", out var solution))
        {
            return (null, "expected string fields 'problem', 'answer' and 'solution'");
        }

        var members = new List<(string, object)> { ("id", id), ("question", problem), ("answer", answer), ("solution", solution) };
        foreach (var name in new[] { "subject", "level", "unique_id" })
        {
            if (!root.TryGetProperty(name, out var value))
            {
                return (null, $"{name}: missing");
            }

            members.Add((name, value.ValueKind == JsonValueKind.String ? value.GetString()! : new RawJson(value.GetRawText())));
        }

        return (members, null);
    }

    private static bool TryString(JsonElement root, string name, out string value)
    {
        value = "";
        if (root.TryGetProperty(name, out var element) && element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString()!;
            return true;
        }

        return false;
    }
}
