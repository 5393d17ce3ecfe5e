using System.Text;
using System.Text.RegularExpressions;

namespace Mario.Eval.Expressions;

/// <summary>
/// String-level clean-up before tokenizing: delimiters, spacing commands, style wrappers, unicode symbols,
/// thousands separators, unit words and sentence punctuation. Each step is a documented policy in docs/checker.md.
/// </summary>
internal static partial class LatexNormalizer
{
    /// <summary>Longest answer (after extraction) the parser will look at; longer ones are Unknown.</summary>
    public const int MaxLength = 8_000;

    private static readonly (string From, string To)[] Replacements =
    [
        ("\u2212", "-"), ("\u2013", "-"), ("\u2014", "-"), ("\u00d7", "\\times "), ("\u00b7", "\\cdot "),
        ("\u22c5", "\\cdot "), ("\u00f7", "\\div "), ("\u221a", "\\sqrt"), ("\u03c0", "\\pi "), ("\u221e", "\\infty "),
        ("\u222a", "\\cup "), ("\u2229", "\\cap "), ("\u2264", "\\le "), ("\u2265", "\\ge "), ("\u2260", "\\ne "),
        ("\u2248", "\\approx "), ("\u00b1", "\\pm "), ("\u00b0", "^\\circ "), ("\u2208", "\\in "), ("\uff0c", ","),
        ("\uff08", "("), ("\uff09", ")"), ("\uff1b", ";"), ("\uff1a", ":"), ("\u3001", ","), ("\u2205", "\\emptyset "),
        ("\u00bd", "(1/2)"), ("\u00bc", "(1/4)"), ("\u00be", "(3/4)"), ("\u2032", "'"), ("\u00b2", "^2"), ("\u00b3", "^3"),
        ("\\dfrac", "\\frac"), ("\\tfrac", "\\frac"), ("\\cfrac", "\\frac"), ("\\dbinom", "\\binom"),
        ("\\tbinom", "\\binom"), ("\\displaystyle", " "), ("\\textstyle", " "), ("\\limits", ""), ("\\nolimits", ""),
        (",\\! ", ","), (",\\!", ","), ("\\!", ""), ("\\,", " "), ("\\;", " "), ("\\:", " "), ("\\>", " "), ("\\quad", " "), ("\\qquad", " "),
        ("\\enspace", " "), ("\\ ", " "), ("~", " "), ("{,}", ","), ("\\%", "%"), ("\\$", " "), ("\\#", ""),
        ("\\bigl", ""), ("\\bigr", ""), ("\\Bigl", ""), ("\\Bigr", ""), ("\\biggl", ""), ("\\biggr", ""),
        ("\\big", ""), ("\\Big", ""), ("\\bigg", ""), ("\\Bigg", ""), ("\\lbrace", "\\{"), ("\\rbrace", "\\}"),
        ("\\lbrack", "["), ("\\rbrack", "]"), ("\\langle", "("), ("\\rangle", ")"), ("\\lvert", "|"),
        ("\\rvert", "|"), ("\\vert", "|"), ("\\lfloor", "\\lfloor "), ("\\mid", "|"), ("\\colon", ":"),
        ("\\degree", "^\\circ "), ("\\dots", "\\ldots "), ("\\cdots", "\\ldots "), ("\\dotsc", "\\ldots "),
        ("\\dotsb", "\\ldots "), ("\\hline", " "),
    ];

    /// <summary>Returns the cleaned answer text, or null when it is empty after cleaning.</summary>
    public static string Normalize(string input)
    {
        // Protect LaTeX row breaks (\\) from the single-backslash spacing rules below.
        var s = EscapedCommand().Replace(StripControl(input), "\\").Replace("\\\\", RowBreak, StringComparison.Ordinal);
        s = LatexThousands().Replace(s, string.Empty);
        foreach (var (from, to) in Replacements)
        {
            if (s.Contains(from, StringComparison.Ordinal))
            {
                s = s.Replace(from, to, StringComparison.Ordinal);
            }
        }

        s = LeftRight().Replace(s, m => m.Groups[1].Value == "." ? " " : m.Groups[1].Value);
        s = s.Replace("**", " ", StringComparison.Ordinal); // markdown bold (Math-Verify#76)
        s = TextUnits().Replace(s, " ");
        s = StyleWrapper().Replace(s, "{");
        s = s.Replace("$", " ", StringComparison.Ordinal);
        s = MathDelimiter().Replace(s, " ");
        s = Boxed().Replace(s, "{");
        s = Units().Replace(s, " ");
        s = PercentWord().Replace(s, "%");
        s = AndOr().Replace(s, ",");
        s = Currency().Replace(s, " ");
        s = s.Trim();
        if (!s.EndsWith("..", StringComparison.Ordinal))
        {
            s = TrailingPunctuation().Replace(s, string.Empty).Trim();
        }

        s = LeadingAssignmentWord().Replace(s, string.Empty).Trim();
        s = ClockSuffix().Replace(s, " $1");
        s = TrailingTextLabel().Replace(s, string.Empty).Trim().TrimEnd('\\').Trim();
        if (ChoiceWithText().Match(s) is { Success: true } choice)
        {
            // "C. x = 42", "(B) 6": a multiple-choice letter followed by its option text.
            s = choice.Groups[1].Success ? choice.Groups[1].Value : choice.Groups[2].Success ? choice.Groups[2].Value : choice.Groups[3].Value;
        }

        if (ClockTime().Match(s) is { Success: true } clock)
        {
            // 3:30 p.m. -> 15:30 (MARIO reads clock times; we keep one 24-hour reading).
            var hour = int.Parse(clock.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) % 12;
            if (clock.Groups[4].Value.StartsWith('p') || clock.Groups[4].Value.StartsWith('P'))
            {
                hour += 12;
            }

            s = $"{hour}:{clock.Groups[2].Value}" + (clock.Groups[3].Success ? ":" + clock.Groups[3].Value : string.Empty);
        }

        if (ZeroSeconds().IsMatch(s))
        {
            s = s[..^3];
        }

        if (NumberWords.TryGetValue(s.ToLowerInvariant(), out var spelled))
        {
            // "five" -> 5 (the Qwen/ToRA graders convert spelled-out numbers too).
            s = spelled;
        }

        if (PlainMixedNumber().Match(s) is { Success: true } mixed)
        {
            // "7 3/4" is a mixed number (MARIO, prm800k): 7 + 3/4.
            s = $"({mixed.Groups[1].Value}+{mixed.Groups[2].Value}/{mixed.Groups[3].Value})";
        }

        if (GluedUnit().Match(s) is { Success: true } glued)
        {
            // "1cm", "2.5kg", "12m^2": a whole answer that is one number glued to a unit of two or more letters (or a
            // squared/cubed metre) is that number; a single letter alone (2m, 3s) may be a variable and stays.
            s = glued.Groups[1].Value;
        }

        if (ThousandsNumber().IsMatch(s))
        {
            s = s.Replace(",", string.Empty, StringComparison.Ordinal);
        }
        else if (SpacedThousands().IsMatch(s))
        {
            s = s.Replace(" ", string.Empty, StringComparison.Ordinal);
        }

        return s.Replace(RowBreak, "\\\\", StringComparison.Ordinal);
    }

    private const string RowBreak = "\uE000";

    private static readonly Dictionary<string, string> NumberWords = new(StringComparer.Ordinal)
    {
        ["zero"] = "0", ["one"] = "1", ["two"] = "2", ["three"] = "3", ["four"] = "4", ["five"] = "5", ["six"] = "6",
        ["seven"] = "7", ["eight"] = "8", ["nine"] = "9", ["ten"] = "10", ["eleven"] = "11", ["twelve"] = "12",
        ["thirteen"] = "13", ["fourteen"] = "14", ["fifteen"] = "15", ["sixteen"] = "16", ["seventeen"] = "17",
        ["eighteen"] = "18", ["nineteen"] = "19", ["twenty"] = "20", ["thirty"] = "30", ["forty"] = "40", ["fifty"] = "50",
        ["sixty"] = "60", ["seventy"] = "70", ["eighty"] = "80", ["ninety"] = "90", ["hundred"] = "100",
        ["one hundred"] = "100", ["a hundred"] = "100", ["thousand"] = "1000", ["one thousand"] = "1000",
        ["half"] = "1/2", ["one half"] = "1/2", ["a half"] = "1/2", ["one third"] = "1/3", ["a third"] = "1/3",
        ["one quarter"] = "1/4", ["a quarter"] = "1/4",
    };

    private static string StripControl(string input)
    {
        var sb = new StringBuilder(input.Length);
        for (var i = 0; i < input.Length; i++)
        {
            var c = input[i];
            var nextIsLetter = i + 1 < input.Length && char.IsAsciiLetterLower(input[i + 1]);

            // Un-escaped backslashes in test data turn \frac into a form feed + "rac" (MARIO undoes these too).
            if (c is '\f' or '\b' or '\a' or '\v' && nextIsLetter)
            {
                sb.Append('\\').Append(c switch { '\f' => 'f', '\b' => 'b', '\a' => 'a', _ => 'v' });
            }
            else if (c is '\t' or '\r' && nextIsLetter && KnownAfterControl(input.AsSpan(i + 1), c))
            {
                sb.Append('\\').Append(c == '\t' ? 't' : 'r');
            }
            else if (c == '\n' || c == '\r' || c == '\t')
            {
                sb.Append(' ');
            }
            else if (!char.IsControl(c) && c != '\uFEFF' && c != '\u200B')
            {
                sb.Append(c);
            }
        }

        return sb.ToString();
    }

    /// <summary>Restores \\frac, \\text, ... whose backslash became a control character (\\f, \\t, \\b, \\a, \\v, \\r).</summary>
    public static string RepairEscapes(string input)
    {
        foreach (var c in input)
        {
            if (c is '\f' or '\b' or '\a' or '\v' or '\t' or '\r' or '\n')
            {
                var sb = new StringBuilder(input.Length + 8);
                for (var i = 0; i < input.Length; i++)
                {
                    var ch = input[i];
                    var nextIsLetter = i + 1 < input.Length && char.IsAsciiLetterLower(input[i + 1]);
                    if ((ch is '\f' or '\b' or '\a' or '\v' && nextIsLetter)
                        || (ch is '\t' or '\r' or '\n' && nextIsLetter && KnownAfterControl(input.AsSpan(i + 1), ch)))
                    {
                        sb.Append('\\').Append(ch switch { '\f' => 'f', '\b' => 'b', '\a' => 'a', '\v' => 'v', '\t' => 't', '\n' => 'n', _ => 'r' });
                    }
                    else
                    {
                        sb.Append(ch);
                    }
                }

                return sb.ToString();
            }
        }

        return input;
    }

    private static bool KnownAfterControl(ReadOnlySpan<char> rest, char control)
    {
        ReadOnlySpan<string> tab = ["ext", "imes", "heta", "an", "au", "frac", "o ", "riangle", "ilde"];
        ReadOnlySpan<string> ret = ["ight", "ho", "m", "angle", "floor", "ceil"];
        ReadOnlySpan<string> newline = ["eq ", "eq{", "eq0", "eq1", "eq2", "eq3", "eq4", "eq5", "eq6", "eq7", "eq8", "eq9", "eq-", "abla"];
        foreach (var w in control == '\t' ? tab : control == '\r' ? ret : newline)
        {
            if (rest.StartsWith(w, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\\(?:left|right)\s*(\\\{|\\\}|\\\||\\langle|\\rangle|[()\[\]|.])")]
    private static partial Regex LeftRight();

    // Style wrappers keep their argument: \mathrm{x} -> {x}. \text stays: it marks words.
    [GeneratedRegex(@"\\(?:mathrm|mathbf|mathit|mathsf|mathtt|mathnormal|boldsymbol|bm|textbf|textit|emph|operatorname|mathbb(?=\{[^RCNZQ]))\s*\{")]
    private static partial Regex StyleWrapper();

    [GeneratedRegex(@"\\\(|\\\)|\\\[|\\\]")]
    private static partial Regex MathDelimiter();

    [GeneratedRegex(@"\\(?:boxed|fbox|framebox)\s*\{")]
    private static partial Regex Boxed();

    private const string LongUnits =
        "units?|square\\s+units|sq\\s+units|cubic\\s+units|miles?|inch(?:es)?|feet|foot|yards?|meters?|metres?|centimeters?|"
        + "millimeters?|kilometers?|kilograms?|grams?|pounds?|ounces?|liters?|litres?|milliliters?|gallons?|cups?|"
        + "seconds?|minutes?|hours?|days?|weeks?|months?|years?|dollars?|cents?|degrees?|radians?|percentage\\s+points|"
        + "points?|people|persons?|students?|ways|apples|cookies|marbles|books|cars|square\\s+(?:feet|inches|meters|miles|centimeters|yards|units)|"
        + "cubic\\s+(?:feet|inches|meters|centimeters|yards|units)|mph|km/h|m/s|sq\\s*ft|euros?|yuan";

    private const string ShortUnits = "cm|mm|km|m|kg|g|mg|ft|in|yd|mi|s|sec|min|hr|h|ml|mL|l|L|oz|lb|lbs";

    [GeneratedRegex(@"^([-+]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+]?\.\d+)\s*(?:(?:cm|mm|km|kg|mg|ml|mL|ft|yd|mi|sec|min|hr|hrs|oz|lb|lbs)(?:\s*\^\s*\{?[23]\}?)?|m\s*\^\s*\{?[23]\}?)$")]
    private static partial Regex GluedUnit();

    // Long unit words go even when glued to the number (10weeks); short ones only after a space (10cm stays, MARIO's rule).
    [GeneratedRegex(@"(?<=[\d}\s)])\s*(?:" + LongUnits + @")(?:\s*\^\s*\{?[23]\}?)?(?=\s*(?:[,;.)\]]|$))"
        + @"|(?<=[\d}]\s)\s*(?:" + ShortUnits + @")(?:\s*\^\s*\{?[23]\}?)?(?=\s*(?:[,;)\]]|$))", RegexOptions.IgnoreCase)]
    private static partial Regex Units();

    [GeneratedRegex(@"(?<=[\d}\s)])\\(?:text|textrm|textnormal|textbf|textit|mbox|mathrm|rm)\s*\{\s*(?:(?:sq\.?|square|cubic)\s+)?(?:" + LongUnits + "|" + ShortUnits
        + @"|m\^2|cm\^2|units\^2)\s*\.?\s*\}(?:\s*\^\s*\{?[23]\}?)?", RegexOptions.IgnoreCase)]
    private static partial Regex TextUnits();

    [GeneratedRegex(@"(?<=[\d}\s])\s*(?:\\text\{\s*)?(?:percent(?:age)?|pct)\b\}?", RegexOptions.IgnoreCase)]
    private static partial Regex PercentWord();

    [GeneratedRegex(@",?\s*\\text\{\s*(?:and|or)\s*\}\s*,?|(?<=\S)\s*,?\s+(?:and|or)\s+(?=\S)|(?<=[)\]])\s*(?:and|or)\s*(?=[(\[])", RegexOptions.IgnoreCase)]
    private static partial Regex AndOr();

    [GeneratedRegex(@"(?:\\euro|€|£|¥|US\$|Rs\.?(?=\s*\d))")]
    private static partial Regex Currency();

    [GeneratedRegex(@"(?<!\.)[.,;:?]+$")]
    private static partial Regex TrailingPunctuation();

    [GeneratedRegex(@"^(?:the\s+)?(?:final\s+)?answer\s*(?:is|:)?\s*[:=]?\s*", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingAssignmentWord();

    // A label after a value: 81\text{ teachers}, 9\text{ a.m.} (Hendrycks cuts at "\text{ ").
    [GeneratedRegex(@"(?<=[\d}a-zA-Z])\s*\\(?:text|mbox|textnormal)\s*\{\s*[A-Za-z][A-Za-z .']*\}\s*$")]
    private static partial Regex TrailingTextLabel();

    [GeneratedRegex(@"^\(?([A-J])\)?[.)]\s+\S.*$|^\(([A-J])\)\s+\S.*$|^([A-J])\s+[A-Z][a-z]+(?:\s+\S+)*$")]
    private static partial Regex ChoiceWithText();

    [GeneratedRegex(@"\\(?:text|mbox|mathrm)\s*\{\s*([AaPp]\.?\s*[Mm]\.?)\s*\}\s*$")]
    private static partial Regex ClockSuffix();

    [GeneratedRegex(@"^\d{1,2}:\d{2}:00$")]
    private static partial Regex ZeroSeconds();

    [GeneratedRegex(@"^(\d{1,2}):(\d{2})(?::(\d{2}))?\s*([aApP])\.?\s*[mM]\.?$")]
    private static partial Regex ClockTime();

    // "\\frac12" from an over-escaped string: a doubled backslash before a command name is one backslash.
    [GeneratedRegex(@"\\\\(?=(?:frac|dfrac|tfrac|sqrt|begin|end|text|pi|left|right|cdot|times|infty|le|ge|leq|geq|ne|neq|pm|boxed|mathrm|sin|cos|tan|log|ln|alpha|beta|theta)(?![a-z]))")]
    private static partial Regex EscapedCommand();

    // 5,\!525 and 14{,}916 are always thousands separators in LaTeX (a list would not use them).
    [GeneratedRegex(@"(?<=\d)(?:,\\!|\{,\})\s*(?=\d{3}(?!\d))")]
    private static partial Regex LatexThousands();

    [GeneratedRegex(@"^(\d+)\s+(\d+)\s*/\s*(\d+)$")]
    private static partial Regex PlainMixedNumber();

    [GeneratedRegex(@"^[-+]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?$")]
    private static partial Regex ThousandsNumber();

    [GeneratedRegex(@"^[-+]?[1-9]\d{0,2}(?: \d{3})+(?:\.\d+)?$")]
    private static partial Regex SpacedThousands();
}
