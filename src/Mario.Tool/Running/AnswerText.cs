using System.Text.RegularExpressions;

namespace Mario.Tool.Running;

/// <summary>
/// Small answer-extraction rules used by the interim greedy solver and for gold fields.
/// Mario.Eval's extractors supersede these once merged; keep these few rules in this one file.
/// </summary>
public static partial class AnswerText
{
    /// <summary>Content of the last <c>\boxed{...}</c> or <c>\fbox{...}</c> with balanced braces, or null.</summary>
    public static string? LastBoxed(string text)
    {
        var start = Math.Max(text.LastIndexOf("\\boxed", StringComparison.Ordinal), text.LastIndexOf("\\fbox", StringComparison.Ordinal));
        if (start < 0)
        {
            return null;
        }

        var open = text.IndexOf('{', start);
        if (open < 0)
        {
            // "\boxed 5": the argument is the next token.
            var rest = text[(start + "\\boxed".Length)..].TrimStart();
            var token = rest.Split([' ', '\n', '$'], 2)[0];
            return token.Length > 0 ? token : null;
        }

        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            switch (text[i])
            {
                case '{':
                    depth++;
                    break;
                case '}':
                    depth--;
                    if (depth == 0)
                    {
                        return text[(open + 1)..i].Trim();
                    }

                    break;
            }
        }

        return null;
    }

    /// <summary>Text after the last <c>####</c> up to the end of that line, commas removed, or null.</summary>
    public static string? AfterHashMark(string text)
    {
        var at = text.LastIndexOf("####", StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var rest = text[(at + 4)..];
        var newline = rest.IndexOf('\n');
        var value = (newline < 0 ? rest : rest[..newline]).Replace(",", "").Trim();
        return value.Length > 0 ? value : null;
    }

    /// <summary>What follows the last "The answer is" or "Final Answer:" on its line, without a trailing period, or null.</summary>
    public static string? AfterPhrase(string text)
    {
        var matches = AnswerPhrase().Matches(text);
        if (matches.Count == 0)
        {
            return null;
        }

        var value = matches[^1].Groups[1].Value.Trim().TrimEnd('.').Trim();
        if (value.StartsWith('$') && value.EndsWith('$') && value.Length > 1)
        {
            value = value.Trim('$').Trim();
        }

        return value.Length > 0 ? value : null;
    }

    /// <summary>The last number in the text (commas between digit groups removed), or null.</summary>
    public static string? LastNumber(string text)
    {
        var matches = Number().Matches(text);
        return matches.Count == 0 ? null : matches[^1].Value.Replace(",", "");
    }

    /// <summary>
    /// The predicted final answer of a whole-solution completion: the last <c>\boxed{}</c>, else <c>####</c>,
    /// else "The answer is", else the last number; null when none applies.
    /// </summary>
    public static string? ExtractPredicted(string completion) =>
        LastBoxed(completion) ?? AfterHashMark(completion) ?? AfterPhrase(completion) ?? LastNumber(completion);

    [GeneratedRegex(@"(?:[Tt]he (?:final )?answer is|Final Answer:)\s*:?\s*([^\n]+)")]
    private static partial Regex AnswerPhrase();

    [GeneratedRegex(@"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?|-?\d+(?:\.\d+)?")]
    private static partial Regex Number();
}
