using System.Text.Json;
using System.Text.RegularExpressions;
using Mario.Search.Steps;

namespace Mario.Search.Prompts;

/// <summary>
/// Reads and validates prompt type files. Every error is one line naming the file and the field (or the few-shot
/// file and line) and what was expected; nothing reads a half-valid file.
/// </summary>
public static partial class PromptTypeLoader
{
    /// <summary>The placeholder the question goes into.</summary>
    public const string Question = "question";

    /// <summary>The placeholder the demonstrations go into (without it they go before the template).</summary>
    public const string FewShot = "fewshot";

    /// <summary>Reads, parses and validates a prompt type file and its few-shot pool.</summary>
    /// <param name="path">The prompt type file (JSON).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The prompt type, or an error naming the file and field.</returns>
    public static async Task<(PromptType? Type, string? Error)> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        string json;
        try
        {
            json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"{path}: cannot read the prompt type file ({ex.Message})");
        }

        var (file, parseError) = Parse(json, path);
        if (file is null)
        {
            return (null, parseError);
        }

        return await ValidateAsync(file, path, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Parses the JSON of a prompt type file; the error names the file, line and JSON path.</summary>
    public static (PromptTypeFile? File, string? Error) Parse(string json, string path)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            var file = JsonSerializer.Deserialize(json, PromptTypeJsonContext.Default.PromptTypeFile);
            return file is null ? (null, $"{path}: expected a JSON object, found null") : (file, null);
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            if (UnknownMember().Match(ex.Message) is { Success: true } unknown)
            {
                return (null, $"{path}:{line}: unknown field '{unknown.Groups[1].Value}'; expected name, stepFormat, template, description, source, fewShot, stop, chat (see docs/prompt-types.md)");
            }

            var message = ex.Message.Split(" Path:")[0].Split(". LineNumber")[0];
            var field = string.IsNullOrEmpty(ex.Path) || ex.Path == "$" ? "" : " " + ex.Path.TrimStart('$', '.') + ":";
            return (null, $"{path}:{line}:{field} {message}");
        }
    }

    private static async Task<(PromptType? Type, string? Error)> ValidateAsync(PromptTypeFile file, string path, CancellationToken cancellationToken)
    {
        string Field(string field, string message) => $"{path}: {field}: {message}";

        if (string.IsNullOrEmpty(file.Name) || !NamePattern().IsMatch(file.Name))
        {
            return (null, Field("name", $"expected a short name of lower-case letters, digits, '-', '_' or '.', e.g. \"qwen-boxed\", found {Quote(file.Name)}"));
        }

        if (file.StepFormat is null)
        {
            return (null, Field("stepFormat", $"missing; expected one of {string.Join(", ", StepFormats.Names.Keys)}"));
        }

        var (kind, formatError) = StepFormats.Parse(file.StepFormat);
        if (kind is null)
        {
            return (null, Field("stepFormat", formatError!.Message));
        }

        if (file.Template is null)
        {
            return (null, Field("template", "missing; expected the prompt text with a {question} placeholder"));
        }

        if (PromptText.Count(file.Template, Question) != 1)
        {
            return (null, Field("template", $"expected exactly one {{question}} placeholder, found {PromptText.Count(file.Template, Question)}"));
        }

        var fewShotSlots = PromptText.Count(file.Template, FewShot);
        if (fewShotSlots > 1 || (fewShotSlots == 1 && file.FewShot is null))
        {
            return (null, Field("template", fewShotSlots > 1
                ? $"expected at most one {{fewshot}} placeholder, found {fewShotSlots}"
                : "has a {fewshot} placeholder but the file has no fewShot block"));
        }

        var stop = file.Stop ?? [];
        for (var i = 0; i < stop.Count; i++)
        {
            if (string.IsNullOrEmpty(stop[i]))
            {
                return (null, Field($"stop[{i}]", "expected a non-empty stop string"));
            }
        }

        if (file.Chat is { } chat && (chat.User is null || PromptText.Count(chat.User, Question) != 1))
        {
            return (null, Field("chat.user", "expected the user message with exactly one {question} placeholder"));
        }

        FewShotFormat? fewShot = null;
        if (file.FewShot is { } block)
        {
            var (format, error) = await ValidateFewShotAsync(block, path, cancellationToken).ConfigureAwait(false);
            if (format is null)
            {
                return (null, error);
            }

            fewShot = format;
        }

        return (new PromptType(file.Name, path, kind.Value, file.Template, file.Description, file.Source, fewShot, stop, file.Chat), null);
    }

    private static async Task<(FewShotFormat? Format, string? Error)> ValidateFewShotAsync(FewShotFile block, string path, CancellationToken cancellationToken)
    {
        string Field(string field, string message) => $"{path}: fewShot.{field}: {message}";

        if (block.Example is null || PromptText.Count(block.Example, Question) != 1 || PromptText.Count(block.Example, "solution") != 1)
        {
            return (null, Field("example", "expected one demonstration's text with one {question} and one {solution} placeholder"));
        }

        if (block.Separator is null)
        {
            return (null, Field("separator", "missing; expected the text between demonstrations, e.g. \"\\n\\n\""));
        }

        if (string.IsNullOrWhiteSpace(block.Examples))
        {
            return (null, Field("examples", "missing; expected a JSONL file of {\"id\", \"question\", \"solution\"} lines, relative to this file"));
        }

        var examplesPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, block.Examples));
        if (!File.Exists(examplesPath))
        {
            return (null, Field("examples", $"no such file {examplesPath}"));
        }

        var (examples, examplesError) = await ReadExamplesAsync(examplesPath, cancellationToken).ConfigureAwait(false);
        if (examples is null)
        {
            return (null, examplesError);
        }

        if (block.Count is not { } count || count < 0 || count > examples.Count)
        {
            return (null, Field("count", $"expected the default number of demonstrations, 0..{examples.Count} (the examples file's size), found {block.Count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nothing"}"));
        }

        return (new FewShotFormat(examplesPath, examples, count, block.Example, block.Separator, block.Header, block.HeaderOne, block.Order), null);
    }

    /// <summary>Reads a few-shot pool: one JSON object a line with string <c>id</c>, <c>question</c> and <c>solution</c>; errors name the file, line and field.</summary>
    public static async Task<(IReadOnlyList<FewShotExample>? Examples, string? Error)> ReadExamplesAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        var lines = await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false);
        var examples = new List<FewShotExample>();
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            try
            {
                using var line = JsonDocument.Parse(lines[i]);
                if (line.RootElement.ValueKind != JsonValueKind.Object)
                {
                    return (null, $"{path}:{i + 1}: expected a JSON object");
                }

                string? Text(string name) =>
                    line.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
                var (id, question, solution) = (Text("id"), Text("question"), Text("solution"));
                var missing = id is null or "" ? "id" : question is null ? "question" : solution is null ? "solution" : null;
                if (missing is not null)
                {
                    return (null, $"{path}:{i + 1}: {missing}: expected a string{(missing == "id" ? " (non-empty)" : "")}");
                }

                if (!ids.Add(id!))
                {
                    return (null, $"{path}:{i + 1}: id: '{id}' appears twice; demonstration ids must be unique");
                }

                examples.Add(new FewShotExample(id!, question!, solution!));
            }
            catch (JsonException ex)
            {
                return (null, $"{path}:{i + 1}: not JSON ({ex.Message.Split(" Path:")[0]})");
            }
        }

        return examples.Count == 0 ? (null, $"{path}: no demonstrations; expected one JSON object a line") : (examples, null);
    }

    private static string Quote(string? text) => text is null ? "nothing" : $"'{text}'";

    [GeneratedRegex("^[a-z0-9][a-z0-9._-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnknownMember();
}
