namespace Mario.Search.Steps;

/// <summary>Finds the content of the last <c>\boxed{…}</c> (or <c>\fbox{…}</c>) with brace matching.</summary>
internal static class BoxedAnswer
{
    /// <summary>The content of the last complete box, with one <c>\text{…}</c> wrapper removed; null when there is none.</summary>
    public static string? Last(string text)
    {
        string? found = null;
        var searchFrom = 0;
        while (true)
        {
            var (start, macroLength) = NextMacro(text, searchFrom);
            if (start < 0)
            {
                return found;
            }

            var open = start + macroLength;
            while (open < text.Length && char.IsWhiteSpace(text[open]))
            {
                open++;
            }

            searchFrom = start + macroLength;
            if (open >= text.Length || text[open] != '{')
            {
                continue;
            }

            var depth = 0;
            for (var i = open; i < text.Length; i++)
            {
                if (text[i] == '{')
                {
                    depth++;
                }
                else if (text[i] == '}' && --depth == 0)
                {
                    found = UnwrapText(text[(open + 1)..i].Trim());
                    break;
                }
            }
        }
    }

    private static (int Start, int Length) NextMacro(string text, int from)
    {
        var boxed = text.IndexOf("\\boxed", from, StringComparison.Ordinal);
        var fbox = text.IndexOf("\\fbox", from, StringComparison.Ordinal);
        if (boxed < 0 && fbox < 0)
        {
            return (-1, 0);
        }

        return boxed >= 0 && (fbox < 0 || boxed < fbox) ? (boxed, "\\boxed".Length) : (fbox, "\\fbox".Length);
    }

    private static string UnwrapText(string answer) =>
        answer.StartsWith("\\text{", StringComparison.Ordinal) && answer.EndsWith('}')
            ? answer["\\text{".Length..^1].Trim()
            : answer;
}
