using System.Text.RegularExpressions;
using Mario.Eval;

namespace Mario.Tool.Running;

/// <summary>
/// For multiple-choice suites (compare mode <c>choice</c>): answers that are an option letter, written as
/// <c>C</c>, <c>(C)</c>, <c>C.</c> or <c>\text{(C)}</c>, compare by letter; anything else goes to the inner checker.
/// </summary>
public sealed partial class ChoiceEquivalenceChecker(IEquivalenceChecker inner) : IEquivalenceChecker
{
    /// <inheritdoc />
    public Verdict Check(string gold, string predicted)
    {
        var g = Letter(gold);
        var p = Letter(predicted);
        if (g is null || p is null)
        {
            return inner.Check(gold, predicted);
        }

        return g == p
            ? new Verdict(Outcome.Equivalent, EquivalenceMethod.String, $"same choice {g}")
            : new Verdict(Outcome.NotEquivalent, EquivalenceMethod.String, $"choice {p} is not {g}");
    }

    private static char? Letter(string text)
    {
        var s = TextCommand().Replace(text.Trim().Trim('$').Trim(), "$1").Trim();
        var match = Choice().Match(s);
        return match.Success ? char.ToUpperInvariant(match.Groups[1].Value[0]) : null;
    }

    [GeneratedRegex(@"^\(?([A-Ea-e])\)?[.:]?$")]
    private static partial Regex Choice();

    [GeneratedRegex(@"\\(?:text|mathrm|textbf)\{([^{}]*)\}")]
    private static partial Regex TextCommand();
}
