using System.Text.RegularExpressions;

namespace Mario.Eval.Answers;

/// <summary>
/// Pulls the final answer out of a model completion. Linear in the input (brace matching is iterative), so a
/// 1 MB completion or 10,000 nested braces cost milliseconds, not a stack overflow. Reports which rule fired.
/// </summary>
public static partial class AnswerExtractor
{
    private static readonly string[] BoxCommands = ["\\boxed", "\\fbox"];
    private static readonly HashSet<string> MathWords =
        ["sqrt", "frac", "infty", "infinity", "pmatrix", "bmatrix", "cdot", "times", "undefined", "none",
         "true", "false", "even", "odd", "both", "neither"];

    private static readonly HashSet<string> ProseWords =
        ["the", "is", "are", "so", "therefore", "thus", "we", "there", "of", "to", "that", "this", "which", "hence", "since", "it", "answer"];

    /// <summary>Extracts the final answer from <paramref name="completion"/> with the given style.</summary>
    /// <param name="completion">The model's text (or a bare answer); null or empty gives <see cref="ExtractedAnswer.None"/>.</param>
    /// <param name="style">The extraction rule or rule order to apply.</param>
    public static ExtractedAnswer Extract(string? completion, ExtractionStyle style = ExtractionStyle.Auto)
    {
        if (string.IsNullOrWhiteSpace(completion))
        {
            return ExtractedAnswer.None;
        }

        completion = Expressions.LatexNormalizer.RepairEscapes(completion);

        var result = style switch
        {
            ExtractionStyle.Boxed => Make(LastBoxed(completion), ExtractionRule.Boxed),
            ExtractionStyle.FinalAnswer => Make(FinalAnswer(completion), ExtractionRule.FinalAnswer),
            ExtractionStyle.Phrase => Make(Phrase(completion), ExtractionRule.Phrase),
            ExtractionStyle.HashMark => Make(HashMark(completion), ExtractionRule.HashMark),
            ExtractionStyle.CodeOutput => Make(CodeOutput(completion), ExtractionRule.CodeOutput),
            ExtractionStyle.LastNumber => Make(LastNumber(completion), ExtractionRule.LastNumber),
            ExtractionStyle.Whole => Make(completion.Trim(), ExtractionRule.WholeText),
            _ => Auto(completion),
        };
        return result;
    }

    /// <summary>True for a bare multiple-choice answer: A-J, optionally in parentheses or \\text{}.</summary>
    public static bool IsChoiceLetter(string answer) => ChoiceOnly().IsMatch(answer.Trim());

    [GeneratedRegex(@"^(?:\\text\{\s*)?\(?[A-J]\)?(?:\s*\})?$")]
    private static partial Regex ChoiceOnly();

    private static ExtractedAnswer Auto(string text)
    {
        if (LastBoxed(text) is { } boxed)
        {
            return Make(boxed, ExtractionRule.Boxed);
        }

        if (FinalAnswer(text) is { } final)
        {
            return Make(final, ExtractionRule.FinalAnswer);
        }

        if (Phrase(text) is { } phrase)
        {
            return Make(phrase, ExtractionRule.Phrase);
        }

        if (HashMark(text) is { } hash)
        {
            return Make(hash, ExtractionRule.HashMark);
        }

        if (IsLongBareMath(text) || (LooksLikeBareAnswer(text) && (ParsesOrIsWords(text) || LastMath(text) is null)))
        {
            return Make(text.Trim(), ExtractionRule.WholeText);
        }

        if (LastMath(text) is { } math)
        {
            return Make(math, ExtractionRule.LastMath);
        }

        return Make(text.Trim(), ExtractionRule.WholeText);
    }

    // A long answer with no prose words and no math delimiters (a 2,001-term sum, a continued fraction 1,000 levels
    // deep) is one expression: taking its last number or innermost fraction would misread it.
    private static bool IsLongBareMath(string text) =>
        text.Length > 2000 && !HasMathDelimiters(text) && !Words().IsMatch(text);

    private static ExtractedAnswer Make(string? answer, ExtractionRule rule)
    {
        if (answer is null)
        {
            return ExtractedAnswer.None;
        }

        answer = answer.Trim();
        if (answer.Length == 0)
        {
            return ExtractedAnswer.None;
        }

        // Never cut: a prefix of an answer is a different answer. The checker reads it whole or says Unknown (length).
        return new ExtractedAnswer(answer, rule);
    }

    private static bool ParsesOrIsWords(string text)
    {
        if (OnlyWords().IsMatch(text))
        {
            return true;
        }

        var budget = new Expressions.WorkBudget(50_000);
        try
        {
            var cleaned = Expressions.LatexNormalizer.Normalize(text);
            return cleaned.Length > 0 && Expressions.MathParser.Parse(cleaned, budget).Error is null;
        }
        catch (Expressions.BudgetExceededException)
        {
            // Too deep or too long to parse here is not "does not parse": taking the last number or the innermost
            // fraction instead would misread it. The checker reads it whole or says Unknown naming the limit.
            return true;
        }
    }

    [GeneratedRegex(@"^[\p{L}\s'.,-]+$")]
    private static partial Regex OnlyWords();

    private static bool LooksLikeBareAnswer(string text)
    {
        var t = text.Trim();
        if (t.Length > 2000 || (t.Contains('\n', StringComparison.Ordinal) && HasMathDelimiters(t)))
        {
            return false;
        }

        var words = Words().Matches(t);
        if (words.Count > 10 || (t.Length > 300 && HasMathDelimiters(t)))
        {
            return false;
        }

        var prose = 0;
        var longWords = 0;
        foreach (Match w in words)
        {
            var word = w.Value.ToLowerInvariant();
            prose += ProseWords.Contains(word) ? 1 : 0;
            longWords += w.Length >= 4 && !MathWords.Contains(word) ? 1 : 0;
        }

        // "She walked 3,600 meters before lunch.", "Here's the rotation matrix: $...$": a sentence around the answer.
        var sentence = longWords >= 3 && (t.Any(char.IsAsciiDigit) || HasMathDelimiters(t) || t.Contains("\\begin{", StringComparison.Ordinal));
        return prose < 2 && !sentence;
    }

    // ------------------------------------------------------------------ boxed

    /// <summary>The content of the last <c>\boxed{}</c>, merged with boxes right before it (only commas/"and" between).</summary>
    public static string? LastBoxed(string text)
    {
        var boxes = new List<(int Start, int End, string Content)>();
        var searchFrom = text.Length - 1;
        while (searchFrom >= 0 && boxes.Count < 50)
        {
            var (index, command) = LastIndexOfBox(text, searchFrom);
            if (index < 0)
            {
                break;
            }

            if (ReadBox(text, index + command.Length) is { } box)
            {
                if (boxes.Count > 0 && box.End > boxes[^1].Start)
                {
                    // Nested box inside the one already found: skip.
                    searchFrom = index - 1;
                    continue;
                }

                if (boxes.Count > 0 && !IsJoiner(text.AsSpan(box.End, boxes[^1].Start - box.End)))
                {
                    break;
                }

                boxes.Add((index, box.End, box.Content));
            }
            else if (boxes.Count > 0)
            {
                break;
            }

            searchFrom = index - 1;
        }

        if (boxes.Count == 0)
        {
            return null;
        }

        boxes.Reverse();

        // \boxed{2}\boxed{2} is one answer written twice, not the list 2, 2.
        return string.Join(", ", boxes.Select(b => b.Content.Trim()).Distinct(StringComparer.Ordinal));
    }

    private static (int Index, string Command) LastIndexOfBox(string text, int from)
    {
        var best = -1;
        var cmd = string.Empty;
        foreach (var c in BoxCommands)
        {
            var i = text.LastIndexOf(c, from, StringComparison.Ordinal);
            if (i > best)
            {
                best = i;
                cmd = c;
            }
        }

        return (best, cmd);
    }

    private static (int End, string Content)? ReadBox(string text, int pos)
    {
        var p = pos;
        while (p < text.Length && text[p] == ' ')
        {
            p++;
        }

        if (p >= text.Length)
        {
            return null;
        }

        if (text[p] != '{')
        {
            // \boxed 5: up to the next '$' or whitespace.
            var end = p;
            while (end < text.Length && text[end] != '$' && !char.IsWhiteSpace(text[end]))
            {
                end++;
            }

            return end > p && pos < p + 1 ? (end, text[p..end]) : null;
        }

        return MatchBraces(text, p) is { } close ? (close + 1, text[(p + 1)..close]) : null;
    }

    /// <summary>Index of the brace closing the one at <paramref name="open"/>, skipping escaped braces; null when unbalanced.</summary>
    internal static int? MatchBraces(string text, int open)
    {
        var depth = 0;
        for (var i = open; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\\')
            {
                i++;
                continue;
            }

            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return i;
            }
        }

        return null;
    }

    // Boxes merge when nothing separates them, or only commas, "and"/"or", \quad and short \text{} glue;
    // a bare "$$ " between two boxes is a new statement, not a list (\boxed{20}$$ \boxed{143} is 143).
    private static bool IsJoiner(ReadOnlySpan<char> gap) =>
        gap.Length <= 60 && Joiner().IsMatch(gap) && (gap.Length == 0 || JoinerWord().IsMatch(gap));

    [GeneratedRegex(@"[,;]|\band\b|\bor\b|\\quad|\\text", RegexOptions.IgnoreCase)]
    private static partial Regex JoinerWord();

    [GeneratedRegex(@"^(?:[\s,;$.]|\\[()\[\]]|and|or|\\text\{[^{}]{0,40}\}|\\quad|\\qquad|\b[A-Za-z](?:_\{?\w{1,3}\}?)?\s*=)*$", RegexOptions.IgnoreCase)]
    private static partial Regex Joiner();

    // ------------------------------------------------------------------ phrases

    /// <summary>Minerva's "Final Answer: The final answer is X. I hope it is correct." or Super_MARIO's "Final Answer: X".</summary>
    public static string? FinalAnswer(string text)
    {
        if (Tail(text, FinalAnswerIs(), MinervaTail()) is { } minerva)
        {
            return ResolveSegment(minerva);
        }

        return Tail(text, FinalAnswerColon(), LineTail()) is { } line ? ResolveSegment(line) : null;
    }

    // Anchors are found right to left (the last one wins); the answer after them is read left to right.
    private static string? Tail(string text, Regex anchor, Regex tail)
    {
        var a = anchor.Match(text);
        if (!a.Success)
        {
            return null;
        }

        var t = tail.Match(text, a.Index + a.Length);
        return t.Success ? t.Groups[1].Value : null;
    }

    [GeneratedRegex(@"final answer is", RegexOptions.IgnoreCase | RegexOptions.RightToLeft)]
    private static partial Regex FinalAnswerIs();

    [GeneratedRegex(@"\G\s*(.+?)\s*\.?\s*I hope it is correct", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex MinervaTail();

    [GeneratedRegex(@"Final Answer\s*[:：]", RegexOptions.IgnoreCase | RegexOptions.RightToLeft)]
    private static partial Regex FinalAnswerColon();

    [GeneratedRegex(@"\G\s*(.+?)\s*(?:<Solution complete>|<end_of_answer>|\n\s*\n|$)", RegexOptions.IgnoreCase | RegexOptions.Singleline)]
    private static partial Regex LineTail();

    /// <summary>"the answer is X" / "final answer is X" (last occurrence), up to the end of the sentence.</summary>
    public static string? Phrase(string text) =>
        Tail(text, AnswerIs(), SentenceTail()) is { } tail ? ResolveSegment(tail) : null;

    [GeneratedRegex(@"answer\s+(?:is|would be|will be|should be)\s*[:：]?|\banswer\s*[:：]|答案\s*(?:是|为|[:：])|réponse\s+(?:est|finale\s+est)\s*[:：]?|réponse\s*[:：]|respuesta\s+es\s*[:：]?|(?:respuesta|resposta|risposta|antwort|ответ|odpowiedź|cevap|jawaban|câu trả lời|đáp án|답|解答)\s*[:：]", RegexOptions.IgnoreCase | RegexOptions.RightToLeft)]
    private static partial Regex AnswerIs();

    [GeneratedRegex(@"\G\s*(.+?)(?:\.\s|\.$|\n|$)", RegexOptions.Singleline)]
    private static partial Regex SentenceTail();

    // A phrase's tail may be math ("$(0, 1)$"), a short text ("12 and 13"), or a sentence ("The volume is 120").
    private static string? ResolveSegment(string segment)
    {
        var s = LeadingFinal().Replace(segment.Trim(), string.Empty).Trim();
        if (s.Length == 0)
        {
            return null;
        }

        if (s.StartsWith('$') || s.StartsWith("\\(", StringComparison.Ordinal) || s.StartsWith("\\[", StringComparison.Ordinal))
        {
            var env = FirstEnv(s);
            if (env is not null && s.Length - env.Value.End <= 2)
            {
                return env.Value.Content;
            }
        }

        if (LooksLikeBareAnswer(s) && (ParsesOrIsWords(s) || LastMath(s) is null))
        {
            return s.Trim('"', '\'', ' ', '.');
        }

        return LastMath(s) ?? s;
    }

    [GeneratedRegex(@"^(?:the\s+)?(?:final\s+)?answer\s+is\s*[:：]?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingFinal();

    /// <summary>GSM8K's <c>#### 42</c> (thousands commas and a trailing unit removed).</summary>
    public static string? HashMark(string text) =>
        Tail(text, Hash(), RestOfLine()) is { } value
            ? value.Replace(",", string.Empty, StringComparison.Ordinal).Replace("$", string.Empty, StringComparison.Ordinal).Trim().TrimEnd('.')
            : null;

    [GeneratedRegex(@"####", RegexOptions.RightToLeft)]
    private static partial Regex Hash();

    [GeneratedRegex(@"\G[ \t]*([^\n]+)")]
    private static partial Regex RestOfLine();

    /// <summary>The last code-interpreter output: an <c>Observation:</c> block or an <c>```output</c> fence.</summary>
    public static string? CodeOutput(string text)
    {
        var fence = OutputFence().Match(text);
        var observation = Observation().Match(text);
        if (!fence.Success && !observation.Success)
        {
            return null;
        }

        var useFence = fence.Success && (!observation.Success || fence.Index > observation.Index);
        var body = useFence
            ? FenceTail().Match(text, fence.Index + fence.Length)
            : ObservationTail().Match(text, observation.Index + observation.Length);
        if (!body.Success)
        {
            return null;
        }

        var lines = body.Groups[1].Value.Trim().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return lines.Length == 0 ? null : lines[^1].Trim().Trim('[', ']');
    }

    [GeneratedRegex(@"```output", RegexOptions.RightToLeft)]
    private static partial Regex OutputFence();

    [GeneratedRegex(@"\G\s*\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex FenceTail();

    [GeneratedRegex(@"Observation:", RegexOptions.RightToLeft)]
    private static partial Regex Observation();

    [GeneratedRegex(@"\G\s*(.*?)(?:\n\s*\n|Thought:|$)", RegexOptions.Singleline)]
    private static partial Regex ObservationTail();

    /// <summary>The last number (integers, decimals, thousands commas, simple fractions, a trailing %).</summary>
    public static string? LastNumber(string text)
    {
        var m = Number().Match(text);
        return m.Success ? m.Value.Replace(",", string.Empty, StringComparison.Ordinal) : null;
    }

    [GeneratedRegex(@"-?\d{1,3}(?:,\d{3})+(?:\.\d+)?%?|-?\d+(?:\.\d+)?(?:/\d+)?%?|-?\.\d+%?", RegexOptions.RightToLeft)]
    private static partial Regex Number();

    // ------------------------------------------------------------------ inline math

    /// <summary>The last inline math or number in prose, whichever ends later.</summary>
    public static string? LastMath(string text)
    {
        var env = LastEnv(text);
        if (LastMatrix(text) is { } matrix && (env is null || matrix.Start >= env.Value.End))
        {
            // "Here is the product:\n\begin{pmatrix}...\end{pmatrix}": a bare matrix in prose is the answer, not its last entry.
            var after = text.AsSpan(matrix.End);
            if (!Number().IsMatch(after.ToString()))
            {
                return matrix.Content;
            }
        }

        var number = Number().Match(text);
        var fraction = BareFraction().Match(text);
        if (fraction.Success && (env is null || fraction.Index >= env.Value.End) && (!number.Success || fraction.Index + fraction.Length >= number.Index))
        {
            // Bare LaTeX in prose: "每份应该是 (\frac{2}{5}) 吨".
            return fraction.Value;
        }

        if (number.Success && (env is null || number.Index >= env.Value.End))
        {
            return number.Value.Replace(",", string.Empty, StringComparison.Ordinal);
        }

        if (env is { } e && !ParsesOrIsWords(e.Content) && Number().Match(e.Content) is { Success: true } inner)
        {
            // "$? just about 1$": the math delimiters hold prose; take its last number.
            return inner.Value.Replace(",", string.Empty, StringComparison.Ordinal);
        }

        return env?.Content;
    }

    [GeneratedRegex(@"\\[dt]?frac\{[^{}$]{1,40}\}\{[^{}$]{1,40}\}|\\sqrt\{[^{}$]{1,40}\}", RegexOptions.RightToLeft)]
    private static partial Regex BareFraction();

    /// <summary>
    /// A multiple-choice letter (A-J) in <paramref name="text"/>: a leading letter ("D. because"), else the first letter
    /// after an answer anchor, else the last standalone capital letter. Null when there is none.
    /// </summary>
    public static string? ChoiceLetter(string text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        var lead = LeadingChoice().Match(text.Trim());
        if (lead.Success)
        {
            return lead.Groups[1].Value;
        }

        var anchor = AnswerIs().Match(text);
        if (anchor.Success && StandaloneLetter().Match(text, anchor.Index + anchor.Length) is { Success: true } after)
        {
            return after.Groups[1].Value;
        }

        var last = LastStandaloneLetter().Match(text);
        return last.Success ? last.Groups[1].Value : null;
    }

    [GeneratedRegex(@"^(?:\\text\{\s*)?\(?([A-J])\)?(?:\}|[.:)。，,\s]|$|(?=[^\x00-\x7F]))")]
    private static partial Regex LeadingChoice();

    [GeneratedRegex(@"(?<![A-Za-z\\])\(?([A-J])\)?(?![A-Za-z])")]
    private static partial Regex StandaloneLetter();

    [GeneratedRegex(@"(?<![A-Za-z\\])\(?([A-J])\)?(?![A-Za-z])", RegexOptions.RightToLeft)]
    private static partial Regex LastStandaloneLetter();

    private static (int Start, int End, string Content)? FirstEnv(string text) => Envs(text, first: true);

    private static (int Start, int End, string Content)? LastEnv(string text) => Envs(text, first: false);

    // One pass over the text; inline $...$ and \(...\) may not span lines (as Math-Verify), display ones may.
    private static (int Start, int End, string Content)? Envs(string text, bool first)
    {
        (int, int, string)? last = null;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] == '$')
            {
                i += 2;
                continue;
            }

            string? close = null;
            var openLength = 0;
            var multiline = false;
            if (c == '$' && i + 1 < text.Length && text[i + 1] == '$')
            {
                (close, openLength, multiline) = ("$$", 2, true);
            }
            else if (c == '$')
            {
                (close, openLength) = ("$", 1);
            }
            else if (c == '\\' && i + 1 < text.Length && text[i + 1] == '(')
            {
                (close, openLength) = ("\\)", 2);
            }
            else if (c == '\\' && i + 1 < text.Length && text[i + 1] == '[')
            {
                (close, openLength, multiline) = ("\\]", 2, true);
            }

            if (close is null)
            {
                i++;
                continue;
            }

            var end = FindClose(text, i + openLength, close, multiline);
            if (end < 0)
            {
                i += openLength;
                continue;
            }

            var content = text[(i + openLength)..end];
            if (content.Trim().Length > 0)
            {
                last = (i, end + close.Length, content.Trim());
                if (first)
                {
                    return last;
                }
            }

            i = end + close.Length;
        }

        return last;
    }

    private static int FindClose(string text, int from, string close, bool multiline)
    {
        for (var j = from; j < text.Length; j++)
        {
            var c = text[j];
            if (c == '\n' && !multiline)
            {
                return -1;
            }

            if (c == '\\' && close == "$" && j + 1 < text.Length && text[j + 1] == '$')
            {
                j++;
                continue;
            }

            if (string.CompareOrdinal(text, j, close, 0, close.Length) == 0)
            {
                return j;
            }
        }

        return -1;
    }

    private static bool HasMathDelimiters(string t) =>
        t.Contains('$', StringComparison.Ordinal) || t.Contains("\\(", StringComparison.Ordinal) || t.Contains("\\[", StringComparison.Ordinal);

    // Prose words: two or more letters, not a LaTeX command name.
    [GeneratedRegex(@"(?<![\\A-Za-z])[A-Za-z]{2,}(?:'[a-z]+)?")]
    private static partial Regex Words();
}
