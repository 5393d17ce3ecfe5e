using System.Text.RegularExpressions;
using Mario.Eval.Expressions;

namespace Mario.Eval;

/// <summary>
/// mario's answer checker: LaTeX/plain-text answers are cleaned, parsed into an immutable AST and compared by the
/// cascade in <see cref="Comparer"/> (string, exact rationals, closed forms, structure, numeric probing). Thread-safe
/// and allocation-bounded; a cooperative work budget turns runaway input into <see cref="Outcome.Unknown"/>.
/// Never throws for any input strings.
/// </summary>
public sealed partial class EquivalenceChecker : IEquivalenceChecker
{
    private const int MaxRawLength = 4 * LatexNormalizer.MaxLength;

    private readonly EquivalenceOptions _options;

    // The wall-clock cap must not turn a cold JIT into an Unknown verdict: compile the cascade once, up front.
    private static readonly Lazy<bool> WarmedUp = new(() =>
    {
        var warm = new EquivalenceChecker(EquivalenceOptions.Default with { TimeLimit = TimeSpan.FromSeconds(30) }, warmUp: false);
        string[][] pairs =
        [
            ["\\frac{1}{2}", "0.5"], ["x^2+2x+1", "(x+1)^2"], ["\\sqrt{12}", "2\\sqrt3"], ["[0,1)\\cup(2,3]", "(2,3]\\cup[0,1)"],
            ["x=3", "3"], ["y=2x+1", "2x+1=y"], ["\\{1,2\\}", "(2,1)"], ["\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", "\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}"],
            ["50\\%", "0.5"], ["30^\\circ", "\\frac{\\pi}{6}"], ["\\text{Evelyn}", "Evelyn"], ["5!", "\\binom{5}{2}"], ["1+2i", "i(2-i)"],
            ["x > 5", "(5,\\infty)"], ["1,22", "1.22"], ["\\sin^2 x", "1-\\cos^2 x"], ["1 \\pm \\sqrt{2}", "1+\\sqrt2, 1-\\sqrt2"],
        ];
        foreach (var pair in pairs)
        {
            warm.Check(pair[0], pair[1]);
            Answers.AnswerExtractor.Extract("The answer is $\\boxed{" + pair[1] + "}$.");
        }

        return true;
    });

    /// <summary>Creates a checker with the documented default policy.</summary>
    public EquivalenceChecker()
        : this(EquivalenceOptions.Default)
    {
    }

    /// <summary>Creates a checker with explicit options.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public EquivalenceChecker(EquivalenceOptions options)
        : this(options, warmUp: true)
    {
    }

    private EquivalenceChecker(EquivalenceOptions options, bool warmUp)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
        if (warmUp)
        {
            _ = WarmedUp.Value;
        }
    }

    /// <inheritdoc />
    public Verdict Check(string gold, string predicted)
    {
        gold ??= string.Empty;
        predicted ??= string.Empty;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var budget = NewBudget();
                try
                {
                    return CheckCore(gold, predicted, budget);
                }
                catch (BudgetExceededException) when (attempt < 3 && budget.TimedOut && budget.Spent < _options.MaxSteps / 4)
                {
                    // The clock ran out while little work was done: a GC pause or a preempted thread on a busy machine,
                    // not a hard input (those exhaust the step count). Try again, at most twice.
                }
            }
        }
        catch (BudgetExceededException e)
        {
            return new Verdict(Outcome.Unknown, EquivalenceMethod.Budget, $"budget exhausted: {e.Message}");
        }
        catch (Exception e) when (e is ArithmeticException or OverflowException or ArgumentException or InvalidOperationException
                                      or IndexOutOfRangeException or FormatException or OutOfMemoryException)
        {
            // A defect in the engine on odd input must not take down an evaluation run; report it as unknown.
            return new Verdict(Outcome.Unknown, EquivalenceMethod.Parse, $"internal error on this input: {e.GetType().Name}");
        }
    }

    /// <summary>Parses one answer the way <see cref="Check"/> does; null error means it parsed (used to count parseable golds).</summary>
    public ParseError? TryParse(string answer)
    {
        var budget = new WorkBudget(_options.MaxSteps, _options.EffectiveTimeLimit);
        try
        {
            var text = LatexNormalizer.Normalize(answer ?? string.Empty);
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
        var budget = new WorkBudget(_options.MaxSteps, _options.EffectiveTimeLimit);
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
            return new Verdict(Outcome.Unknown, EquivalenceMethod.Budget, e.Message);
        }
    }

    private WorkBudget NewBudget() => new(_options.MaxSteps, _options.EffectiveTimeLimit);

    private Verdict CheckCore(string gold, string predicted, WorkBudget budget)
    {
        if (string.Equals(gold.Trim(), predicted.Trim(), StringComparison.Ordinal) && gold.Trim().Length > 0)
        {
            return new Verdict(Outcome.Equivalent, EquivalenceMethod.String, "identical strings");
        }

        if (gold.Length > MaxRawLength || predicted.Length > MaxRawLength)
        {
            // Extracted answers are short; anything this long is a runaway completion, not an answer.
            return new Verdict(Outcome.Unknown, EquivalenceMethod.Budget, $"answer longer than {MaxRawLength} characters");
        }

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
            return new Verdict(Outcome.Unknown, EquivalenceMethod.Budget, $"answer longer than {LatexNormalizer.MaxLength} characters after extraction");
        }

        var (gn, ge) = IsWords(g) || IsProse(g) ? (new Text(MathParser.NormalizeWords(g)), null) : MathParser.Parse(g, budget);
        var (pn, pe) = IsWords(p) || IsProse(p) ? (new Text(MathParser.NormalizeWords(p)), null) : MathParser.Parse(p, budget);
        var comparer = new Comparer(budget, _options);
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

    [GeneratedRegex(@"^[-+]?\d+,\d+$")]
    private static partial Regex DecimalComma();
}
