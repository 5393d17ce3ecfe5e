using System.Text.RegularExpressions;
using Mario.Eval.Expressions;

namespace Mario.Eval;

/// <summary>
/// mario's answer checker: LaTeX/plain-text answers are cleaned, parsed into an immutable AST and compared by the
/// cascade in <see cref="Comparer"/> (string, exact rationals, closed forms, structure, numeric probing). Thread-safe
/// and allocation-bounded; a counted work budget (never a clock) turns runaway input into <see cref="Outcome.Unknown"/>.
/// Never throws for any input strings; an exception escaping <see cref="Check"/> is a bug, not a verdict.
/// </summary>
public sealed partial class EquivalenceChecker : IEquivalenceChecker
{
    // Raw answers longer than this are not cleaned at all (cleaning is linear but not free); cleaned ones are capped at
    // LatexNormalizer.MaxLength. Both are the length budget: beyond them the verdict is Unknown (WorkLimit.Length).
    private const int MaxRawLength = 2 * LatexNormalizer.MaxLength;

    private readonly EquivalenceOptions _options;

    /// <summary>Creates a checker with the documented default policy.</summary>
    public EquivalenceChecker()
        : this(EquivalenceOptions.Default)
    {
    }

    /// <summary>Creates a checker with explicit options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public EquivalenceChecker(EquivalenceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Never throws for any pair of strings (including invalid UTF-16): a counted limit that runs out is the value
    /// Unknown naming it (<see cref="Verdict.Exhausted"/>). Any other exception escaping here is a bug in the checker.
    /// </remarks>
    public Verdict Check(string gold, string predicted)
    {
        gold ??= string.Empty;
        predicted ??= string.Empty;
        var budget = new WorkBudget(_options.MaxSteps);
        try
        {
            return CheckCore(gold, predicted, budget) with { Steps = budget.Spent };
        }
        catch (BudgetExceededException e)
        {
            return Exhausted(e.Limit, e.Message, budget);
        }
    }

    private static Verdict Exhausted(WorkLimit limit, string detail, WorkBudget budget) =>
        new(Outcome.Unknown, EquivalenceMethod.Budget, $"{LimitName(limit)} budget ran out: {detail}") { Exhausted = limit, Steps = budget.Spent };

    private static string LimitName(WorkLimit limit) => limit switch
    {
        WorkLimit.Steps => "step",
        WorkLimit.Length => "length",
        WorkLimit.Depth => "depth",
        WorkLimit.Magnitude => "magnitude",
        _ => throw new ArgumentOutOfRangeException(nameof(limit), limit, "unknown work limit"),
    };

    /// <summary>Parses one answer the way <see cref="Check"/> does; null error means it parsed (used to count parseable golds).</summary>
    public ParseError? TryParse(string answer)
    {
        var budget = new WorkBudget(_options.MaxSteps);
        try
        {
            answer ??= string.Empty;
            if (answer.Length > MaxRawLength)
            {
                return new ParseError(MaxRawLength, "answer longer than the parser limit");
            }

            var text = LatexNormalizer.Normalize(answer);
            if (text.Length > LatexNormalizer.MaxLength)
            {
                return new ParseError(LatexNormalizer.MaxLength, "answer longer than the parser limit");
            }

            return text.Length == 0 ? new ParseError(0, "empty answer") : IsWords(text) ? null : MathParser.Parse(text, budget).Error;
        }
        catch (BudgetExceededException e)
        {
            return new ParseError(0, e.Message);
        }
    }

    /// <summary>Parses both answers and runs the comparison cascade without any string shortcut (tests and diagnostics).</summary>
    internal Verdict CheckParsed(string gold, string predicted)
    {
        var budget = new WorkBudget(_options.MaxSteps);
        try
        {
            var g = LatexNormalizer.Normalize(gold);
            var p = LatexNormalizer.Normalize(predicted);
            var (gn, ge) = IsWords(g) ? (new Text(MathParser.NormalizeWords(g)), null) : MathParser.Parse(g, budget);
            var (pn, pe) = IsWords(p) ? (new Text(MathParser.NormalizeWords(p)), null) : MathParser.Parse(p, budget);
            if (gn is null || pn is null)
            {
                return new Verdict(Outcome.Unknown, EquivalenceMethod.Parse, $"does not parse: {ge ?? pe}");
            }

            return new Comparer(budget, _options).Compare(gn, pn);
        }
        catch (BudgetExceededException e)
        {
            return Exhausted(e.Limit, e.Message, budget);
        }
    }

    private Verdict CheckCore(string gold, string predicted, WorkBudget budget)
    {
        if (string.Equals(gold.Trim(), predicted.Trim(), StringComparison.Ordinal) && gold.Trim().Length > 0)
        {
            return new Verdict(Outcome.Equivalent, EquivalenceMethod.String, "identical strings");
        }

        if (gold.Length > MaxRawLength || predicted.Length > MaxRawLength)
        {
            // Extracted answers are short; anything this long is a runaway completion, not an answer. It was not read
            // whole, so it is never called equivalent (nor different) to anything but an identical string.
            throw new BudgetExceededException(WorkLimit.Length, $"answer longer than {MaxRawLength} characters");
        }

        // Cleaning and scanning are a fixed number of linear passes over the text: half a step per character.
        budget.Spend(1 + ((gold.Length + predicted.Length) / 2));
        var g = LatexNormalizer.Normalize(gold);
        var p = LatexNormalizer.Normalize(predicted);
        if (g.Length == 0 || p.Length == 0)
        {
            return new Verdict(Outcome.NotEquivalent, EquivalenceMethod.String, g.Length == 0 ? "empty gold answer" : "empty predicted answer");
        }

        if (string.Equals(g, p, StringComparison.Ordinal) || string.Equals(Squash(g), Squash(p), StringComparison.Ordinal))
        {
            return new Verdict(Outcome.Equivalent, EquivalenceMethod.String, "equal after normalisation");
        }

        if (g.Length > LatexNormalizer.MaxLength || p.Length > LatexNormalizer.MaxLength)
        {
            throw new BudgetExceededException(WorkLimit.Length, $"answer longer than {LatexNormalizer.MaxLength} characters after cleaning");
        }

        var (gn, ge) = IsWords(g) || IsProse(g) ? (new Text(MathParser.NormalizeWords(g)), null) : MathParser.Parse(g, budget);
        var (pn, pe) = IsWords(p) || IsProse(p) ? (new Text(MathParser.NormalizeWords(p)), null) : MathParser.Parse(p, budget);
        var comparer = new Comparer(budget, _options) { GoldStatesMembership = Membership().IsMatch(g) };
        if (gn is null || pn is null)
        {
            return CompareUnparsed(g, gn, ge, p, pn, pe, comparer);
        }

        var verdict = comparer.Compare(gn, pn);
        if (!verdict.IsEquivalent)
        {
            // Decimal comma (1,22 = 1.22), only against a plain decimal on the other side.
            if (DecimalComma().IsMatch(g) && pn is Num { Decimals: > 0 })
            {
                var alt = comparer.Compare(MathParser.Parse(g.Replace(',', '.'), budget).Node!, pn);
                if (alt.IsEquivalent)
                {
                    return alt with { Reason = "decimal comma: " + alt.Reason };
                }
            }
            else if (DecimalComma().IsMatch(p) && gn is Num { Decimals: > 0 })
            {
                var alt = comparer.Compare(gn, MathParser.Parse(p.Replace(',', '.'), budget).Node!);
                if (alt.IsEquivalent)
                {
                    return alt with { Reason = "decimal comma: " + alt.Reason };
                }
            }
        }

        return verdict;
    }

    private static Verdict CompareUnparsed(
        string g, Node? gn, ParseError? ge, string p, Node? pn, ParseError? pe, Comparer comparer)
    {
        // Words that are not mathematics compare as normalised text; a parse failure on one side alone is a mismatch.
        var gt = gn ?? new Text(MathParser.NormalizeWords(g));
        var pt = pn ?? new Text(MathParser.NormalizeWords(p));
        if (gn is null && pn is null)
        {
            var same = string.Equals(((Text)gt).Value, ((Text)pt).Value, StringComparison.OrdinalIgnoreCase) && ((Text)gt).Value.Length > 0;
            return same
                ? new Verdict(Outcome.Equivalent, EquivalenceMethod.String, "same text (neither side parses as mathematics)")
                : new Verdict(Outcome.NotEquivalent, EquivalenceMethod.Parse, $"neither side parses ({ge}); texts differ");
        }

        var verdict = comparer.Compare(gt, pt);
        if (verdict.IsEquivalent)
        {
            return verdict;
        }

        return new Verdict(
            Outcome.NotEquivalent,
            EquivalenceMethod.Parse,
            gn is null ? $"gold does not parse ({ge})" : $"prediction does not parse ({pe})");
    }

    private static string Squash(string s)
    {
        Span<char> buffer = s.Length <= 512 ? stackalloc char[s.Length] : new char[s.Length];
        var n = 0;
        foreach (var c in s)
        {
            if (!char.IsWhiteSpace(c))
            {
                buffer[n++] = c;
            }
        }

        return new string(buffer[..n]);
    }

    // Plain words ("Evelyn", "photography club") are text, not a product of one-letter variables.
    private static bool IsWords(string s)
    {
        if (!WordsOnly().IsMatch(s))
        {
            return false;
        }

        foreach (var w in s.Split([' ', '-', '\''], StringSplitOptions.RemoveEmptyEntries))
        {
            if (w.Length >= 2 && w.Trim('.') is { Length: >= 2 } word && !MathWords.Contains(word.ToLowerInvariant()))
            {
                return true;
            }
        }

        return false;
    }

    // Mathematics mixed with prose ("About 30.12 miles per hour", "cos t = 0 when t = ..."): letters would become a
    // product of one-letter variables, so the whole answer compares as text instead.
    private static bool IsProse(string s)
    {
        var stripped = CommandOrText().Replace(s, " ");
        foreach (System.Text.RegularExpressions.Match m in LongWord().Matches(stripped))
        {
            if (!MathWords.Contains(m.Value.ToLowerInvariant()))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@"\\(?:text|mbox|textnormal|textrm|operatorname|mathrm|begin|end)\s*\{[^{}]*\}|\\[A-Za-z]+")]
    private static partial Regex CommandOrText();

    [GeneratedRegex(@"(?<![A-Za-z_^])(?<!_\{)(?<!\^\{)[A-Za-z]{4,}")]
    private static partial Regex LongWord();

    private static readonly HashSet<string> MathWords =
        ["pi", "inf", "infty", "infinity", "sin", "cos", "tan", "cot", "sec", "csc", "ln", "log", "exp", "sqrt", "sinh", "cosh",
         "tanh", "arcsin", "arccos", "arctan", "floor", "ceil"];

    [GeneratedRegex(@"^[A-Za-z][A-Za-z\s'.\-]*$")]
    private static partial Regex WordsOnly();

    [GeneratedRegex(@"^\s*[A-Za-z](?:_\{?\w+\}?)?\s*\\in(?![A-Za-z])")]
    private static partial Regex Membership();

    [GeneratedRegex(@"^[-+]?\d+,\d+$")]
    private static partial Regex DecimalComma();
}
