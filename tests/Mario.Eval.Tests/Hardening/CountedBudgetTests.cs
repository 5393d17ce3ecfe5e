using System.Text;
using Mario.Eval.Answers;

namespace Mario.Eval.Tests.Hardening;

/// <summary>
/// Issue #22 item 5: the checker's budget is counted work, never wall-clock time. The same pair gives the same verdict
/// and the same step count on an idle or loaded machine; hostile input never throws and never spends past the budget.
/// </summary>
public sealed class CountedBudgetTests
{
    private static readonly EquivalenceChecker Checker = new();

    public static TheoryData<string, string> CostlyPairs() => new()
    {
        { "\\frac{1}{3000!}", "\\frac{1}{2999!}" },
        { "2^{100000}", "2^{100000}+1" },
        { "\\binom{3000}{1500}", "\\binom{3000}{1499}" },
        { string.Join(",", Enumerable.Range(0, 1200)), string.Join(",", Enumerable.Range(0, 1200).Reverse()) },
        { string.Join("+", Enumerable.Repeat("x^{2}", 1500)), "1500x^2" },
        { "(x+1)^{50}", "x^{50}+1" },
    };

    [Theory]
    [MemberData(nameof(CostlyPairs))]
    public void Check_SamePairUnderLoad_GivesTheSameVerdictAndStepCount(string gold, string pred)
    {
        var alone = Checker.Check(gold, pred);

        // Saturate every core with other checks while the same pair is checked again: only counted work may decide.
        var loaded = new Verdict[Environment.ProcessorCount * 2];
        Parallel.For(0, loaded.Length, new ParallelOptions { MaxDegreeOfParallelism = loaded.Length }, i =>
        {
            _ = Checker.Check(string.Join("+", Enumerable.Repeat("y^{3}", 500 + i)), "y");
            loaded[i] = Checker.Check(gold, pred);
        });

        Assert.All(loaded, v => Assert.Equal((alone.Outcome, alone.Method, alone.Exhausted, alone.Steps, alone.Reason), (v.Outcome, v.Method, v.Exhausted, v.Steps, v.Reason)));
        Assert.InRange(alone.Steps, 1, EquivalenceOptions.Default.MaxSteps);
    }

    [Fact]
    public void Check_SmallStepBudget_IsUnknownNamingSteps()
    {
        var tight = new EquivalenceChecker(EquivalenceOptions.Default with { MaxSteps = 1000 });
        var verdict = tight.Check("\\frac{1}{2000!}", "\\frac{1}{1999!}");
        Assert.Equal((Outcome.Unknown, EquivalenceMethod.Budget, (WorkLimit?)WorkLimit.Steps), (verdict.Outcome, verdict.Method, verdict.Exhausted));
        Assert.InRange(verdict.Steps, 1, 1000);
        Assert.Contains("step budget", verdict.Reason, StringComparison.Ordinal);
        Assert.Equal(Outcome.NotEquivalent, Checker.Check("\\frac{1}{2000!}", "\\frac{1}{1999!}").Outcome);
    }

    [Fact]
    public void Check_StepCount_GrowsWithTheWorkNotTheMachine()
    {
        var small = Checker.Check("\\frac{1}{100!}", "\\frac{1}{99!}").Steps;
        var large = Checker.Check("\\frac{1}{2000!}", "\\frac{1}{1999!}").Steps;
        Assert.True(large > 10 * small, $"100!: {small} steps, 2000!: {large} steps");
    }

    // Seeded, so the table is the same on every run; each row is a family of hostile answers.
    private static readonly string[] Atoms =
    [
        "\\frac{", "}{", "}", "{", "\\sqrt", "[", "]", "(", ")", "^", "_", "x", "2", "9", "3.5", "-", "+", "=", "<", "\\le", ",",
        "\\pi", "e", "i", "!", "%", "^\\circ", "\\text{", "\\boxed{", "\\left(", "\\right)", "\\cup", "\\infty", "&", "\\\\",
        "\\begin{pmatrix}", "\\end{pmatrix}", "\\pm", " ", "$", "\\{", "\\}", "|", "\\sin", "\\ln", "0", "1e5", "/", "\\in",
        "\ud800", "\udfff", "\udbff\udfff", "\u0000", "\uFFFF", "\u00e9", "\u221a", "\u03c0", "\\overline{", "_{5}", "\\binom{",
    ];

    public static TheoryData<string, int> FuzzFamilies() => new()
    {
        { "token soup", 1 }, { "token soup", 2 }, { "token soup", 3 },
        { "random utf-16", 4 }, { "random utf-16", 5 },
        { "deep nesting", 6 }, { "deep nesting", 7 },
        { "huge numbers", 8 }, { "huge numbers", 9 },
        { "long sums and products", 10 }, { "long sums and products", 11 },
        { "towers and factorials", 12 }, { "towers and factorials", 13 },
    };

    [Theory]
    [MemberData(nameof(FuzzFamilies))]
    public void Check_SeededHostileInput_NeverThrowsAndStaysWithinTheBudget(string family, int seed)
    {
        var rng = new Random(seed);
        var max = EquivalenceOptions.Default.MaxSteps;
        for (var n = 0; n < 60; n++)
        {
            var a = Make(family, rng);
            var b = rng.Next(3) == 0 ? a : Make(family, rng);
            var verdict = Checker.Check(a, b);
            Assert.InRange(verdict.Steps, 0, max);
            Assert.False(string.IsNullOrWhiteSpace(verdict.Reason));
            Assert.Equal(verdict.Method == EquivalenceMethod.Budget, verdict.Exhausted is not null);
            Assert.Equal(verdict, Checker.Check(a, b));
            if (a == b && a.Trim().Length > 0)
            {
                Assert.True(verdict.IsEquivalent, $"{family}: an answer differs from itself: {verdict}");
            }

            _ = AnswerExtractor.Extract(a + " " + b);
            _ = new AnswerGrader(Checker).Grade(a, "The answer is $\\boxed{" + b + "}$.");
        }
    }

    private static string Make(string family, Random rng) => family switch
    {
        "token soup" => string.Concat(Enumerable.Range(0, rng.Next(1, 80)).Select(_ => Atoms[rng.Next(Atoms.Length)])),
        "random utf-16" => new string([.. Enumerable.Range(0, rng.Next(1, 200)).Select(_ => (char)rng.Next(0, 0x10000))]),
        "deep nesting" => Nest(rng),
        "huge numbers" => HugeNumber(rng),
        "long sums and products" => string.Join(rng.Next(2) == 0 ? "+" : "\\cdot ", Enumerable.Range(0, rng.Next(100, 4000)).Select(_ => rng.Next(1, 99).ToString(System.Globalization.CultureInfo.InvariantCulture))),
        "towers and factorials" => Tower(rng),
        _ => throw new ArgumentOutOfRangeException(nameof(family), family, "unknown fuzz family"),
    };

    private static string Nest(Random rng)
    {
        string[][] shells = [["(", ")"], ["{", "}"], ["\\sqrt{", "}"], ["\\frac{1}{", "}"], ["-(", ")"], ["\\text{", "}"], ["|", "|"], ["\\{", "\\}"], ["[", "]"], ["2^{", "}"]];
        var depth = rng.Next(50, 3000);
        var sb = new StringBuilder();
        var closes = new Stack<string>();
        for (var d = 0; d < depth; d++)
        {
            var shell = shells[rng.Next(shells.Length)];
            sb.Append(shell[0]);
            closes.Push(shell[1]);
        }

        sb.Append(rng.Next(10));
        while (closes.Count > 0 && rng.Next(20) != 0)
        {
            sb.Append(closes.Pop());
        }

        return sb.ToString();
    }

    private static string HugeNumber(Random rng)
    {
        var digits = new string([.. Enumerable.Range(0, rng.Next(1000, 40_000)).Select(_ => (char)('0' + rng.Next(10)))]);
        return rng.Next(4) switch
        {
            0 => digits,
            1 => "0." + digits,
            2 => digits + "e" + rng.Next(-99999, 99999).ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => "\\frac{" + digits + "}{" + digits[..(digits.Length / 2)] + "}",
        };
    }

    private static string Tower(Random rng)
    {
        var n = rng.Next(2, 12);
        return rng.Next(3) switch
        {
            0 => string.Concat(Enumerable.Repeat($"{rng.Next(2, 99)}^{{", n)) + rng.Next(2, 99) + new string('}', n),
            1 => $"{rng.Next(100, 200_000)}!" + (rng.Next(2) == 0 ? "!" : string.Empty),
            _ => $"\\binom{{{rng.Next(1000, 1_000_000)}}}{{{rng.Next(100, 500_000)}}} + {rng.Next(1, 9)}^{{{rng.Next(1000, 300_000)}}}",
        };
    }
}
