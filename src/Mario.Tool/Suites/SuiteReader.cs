using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Mario.Search;

namespace Mario.Tool.Suites;

/// <summary>Reads a suite's JSONL data file into problems, reporting malformed lines by file, line and field.</summary>
public static class SuiteReader
{
    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static async Task<string> Sha256Async(string path, CancellationToken cancellationToken)
    {
        await using var stream = File.OpenRead(path);
        var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>
    /// Reads every line. Each must be a JSON object whose id, question and answer fields are strings (and the
    /// solution field, when present, a string); ids must be unique. Reading continues past errors so that
    /// <c>suites validate</c> can report them all (at most <paramref name="maxErrors"/>).
    /// </summary>
    /// <param name="path">The data file.</param>
    /// <param name="displayPath">How to name the file in messages.</param>
    /// <param name="manifest">Field names and gold extraction.</param>
    /// <param name="maxErrors">Stop after this many errors, at least 1.</param>
    /// <param name="cancellationToken">Cancels reading.</param>
    public static async Task<SuiteReadResult> ReadAsync(string path, string displayPath, SuiteManifest manifest, int maxErrors, CancellationToken cancellationToken)
    {
        var problems = new List<Problem>();
        var errors = new List<string>();
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 0;
        var nonEmpty = 0;
        using var reader = new StreamReader(path, new UTF8Encoding(false, throwOnInvalidBytes: true));
        while (errors.Count < maxErrors)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (DecoderFallbackException)
            {
                errors.Add($"{displayPath}:{lineNumber + 1}: invalid UTF-8");
                break;
            }

            if (line is null)
            {
                break;
            }

            lineNumber++;
            if (line.Length == 0)
            {
                errors.Add($"{displayPath}:{lineNumber}: empty line (one JSON object per line expected)");
                continue;
            }

            nonEmpty++;
            var (problem, error) = ParseLine(line, manifest);
            if (error is not null)
            {
                errors.Add($"{displayPath}:{lineNumber}: {error}");
                continue;
            }

            if (seen.TryGetValue(problem!.Id, out var first))
            {
                errors.Add($"{displayPath}:{lineNumber}: {manifest.Fields.Id}: duplicate id '{problem.Id}' (first on line {first})");
                continue;
            }

            seen.Add(problem.Id, lineNumber);
            problems.Add(problem);
        }

        return new SuiteReadResult(problems, errors, nonEmpty);
    }

    private static (Problem? Problem, string? Error) ParseLine(string line, SuiteManifest manifest)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException ex)
        {
            return (null, $"malformed JSON at column {(ex.BytePositionInLine ?? 0) + 1}: {FirstSentence(ex.Message)}");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return (null, $"expected a JSON object, found {Describe(root.ValueKind)}");
            }

            var fields = manifest.Fields;
            if (RequireString(root, fields.Id, out var id) is { } idError)
            {
                return (null, idError);
            }

            if (id.Trim().Length == 0)
            {
                return (null, $"{fields.Id}: expected a non-empty string");
            }

            if (RequireString(root, fields.Question, out var question) is { } questionError)
            {
                return (null, questionError);
            }

            if (RequireString(root, fields.Answer, out var answer) is { } answerError)
            {
                return (null, answerError);
            }

            if (fields.Solution is { } solutionField && root.TryGetProperty(solutionField, out var solution) && solution.ValueKind != JsonValueKind.String)
            {
                return (null, $"{solutionField}: expected a string, found {Describe(solution.ValueKind)}");
            }

            if (OptionalFacet(root, fields.Level, allowInteger: true, out var level) is { } levelError)
            {
                return (null, levelError);
            }

            if (OptionalFacet(root, fields.Subject, allowInteger: false, out var subject) is { } subjectError)
            {
                return (null, subjectError);
            }

            var gold = manifest.GoldExtraction switch
            {
                GoldExtraction.Verbatim => answer.Trim(),
                GoldExtraction.Boxed => Mario.Eval.Answers.AnswerExtractor.LastBoxed(answer),
                GoldExtraction.HashMark => Mario.Eval.Answers.AnswerExtractor.HashMark(answer),
                _ => throw new InvalidOperationException($"unhandled gold extraction {manifest.GoldExtraction}"),
            };
            if (gold is null)
            {
                return (null, $"{fields.Answer}: no gold answer found with extraction '{manifest.GoldExtraction}'");
            }

            return (new Problem(id, question, gold, level, subject), null);
        }
    }

    /// <summary>A level or subject: absent or null reads as none; an integer (a MATH level) as its decimal text.</summary>
    private static string? OptionalFacet(JsonElement root, string? field, bool allowInteger, out string? value)
    {
        value = null;
        if (field is null || !root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (element.ValueKind == JsonValueKind.String)
        {
            value = element.GetString();
            return null;
        }

        if (allowInteger && element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out var number))
        {
            value = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
            return null;
        }

        return $"{field}: expected a string{(allowInteger ? " or an integer" : "")}, found {Describe(element.ValueKind)}";
    }

    private static string? RequireString(JsonElement root, string field, out string value)
    {
        value = "";
        if (!root.TryGetProperty(field, out var element))
        {
            return $"{field}: missing (expected a string)";
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return $"{field}: expected a string, found {Describe(element.ValueKind)}";
        }

        value = element.GetString()!;
        return null;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Number => "a number",
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.String => "a string",
        _ => kind.ToString(),
    };

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var head = cut > 0 ? message[..cut] : message;
        return head.TrimEnd('.', ' ');
    }
}
