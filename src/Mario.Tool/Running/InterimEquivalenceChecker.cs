using System.Globalization;
using System.Text.RegularExpressions;
using Mario.Eval;
using Mario.Tool.Suites;

namespace Mario.Tool.Running;

/// <summary>
/// REPLACE WITH Mario.Eval.EquivalenceChecker when it is merged (see BackendFactory.CreateChecker, the one place
/// that constructs a checker). Until then: equal after a light normalization (strip <c>$</c>, spaces, a trailing
/// period, <c>\text{}</c>, thousands separators), or equal as decimal numbers (<c>145.0</c> equals <c>145</c>).
/// In <see cref="CompareMode.Choice"/> suites an answer such as <c>(B)</c> or <c>B.</c> is reduced to its letter.
/// </summary>
/// <param name="compare">The suite's compare mode.</param>
public sealed partial class InterimEquivalenceChecker(CompareMode compare = CompareMode.Math) : IEquivalenceChecker
{
    /// <inheritdoc />
    public Verdict Check(string gold, string predicted)
    {
        var g = Normalize(gold);
        var p = Normalize(predicted);
        if (compare == CompareMode.Choice)
        {
            g = ChoiceLetter(g);
            p = ChoiceLetter(p);
        }

        if (p.Length == 0)
        {
            return new Verdict(Outcome.NotEquivalent, EquivalenceMethod.String, "empty prediction");
        }

        if (string.Equals(g, p, StringComparison.Ordinal))
        {
            return new Verdict(Outcome.Equivalent, EquivalenceMethod.String, "equal after normalization");
        }

        if (decimal.TryParse(g, NumberStyles.Number, CultureInfo.InvariantCulture, out var gv)
            && decimal.TryParse(p, NumberStyles.Number, CultureInfo.InvariantCulture, out var pv))
        {
            return gv == pv
                ? new Verdict(Outcome.Equivalent, EquivalenceMethod.Exact, $"equal numbers {gv}")
                : new Verdict(Outcome.NotEquivalent, EquivalenceMethod.Exact, $"different numbers {gv} and {pv}");
        }

        return new Verdict(Outcome.NotEquivalent, EquivalenceMethod.String, "different after normalization");
    }

    private static string Normalize(string text)
    {
        var s = text.Trim().Trim('$').Trim();
        s = TextCommand().Replace(s, "$1");
        s = s.Replace("\\!", "").Replace("\\,", "").Replace(" ", "");
        s = ThousandsSeparator().Replace(s, "");
        return s.TrimEnd('.');
    }

    private static string ChoiceLetter(string text)
    {
        var match = Choice().Match(text);
        return match.Success ? match.Groups[1].Value.ToUpperInvariant() : text;
    }

    [GeneratedRegex(@"^\(?([A-Ea-e])\)?(?:[.:]|$)")]
    private static partial Regex Choice();

    [GeneratedRegex(@"\\(?:text|mathrm|textbf)\{([^{}]*)\}")]
    private static partial Regex TextCommand();

    [GeneratedRegex(@"(?<=\d),(?=\d{3}\b)")]
    private static partial Regex ThousandsSeparator();
}
