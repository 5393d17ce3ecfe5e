using System.Diagnostics;
using FsCheck;
using FsCheck.Fluent;
using Mario.Eval.Answers;

namespace Mario.Eval.Tests;

/// <summary>Hostile and random input: the checker and extractor never throw, never hang, and cap their work.</summary>
public sealed class RobustnessTests
{
    private static readonly EquivalenceChecker Checker = new();

    // Generous wall-clock bound for a shared CI machine; the 50 ms worst case is measured by `Mario.Benchmarks checker`.
    private static readonly TimeSpan Bound = TimeSpan.FromMilliseconds(500);

    public static TheoryData<string, string> Hostile() => new()
    {
        { new string('{', 10_000) + "1" + new string('}', 10_000), "1" },
        { "10^{10^{10}}", "10^{10^{10}}+1" },
        { "99999!", "99999!+1" },
        { "2^{2^{2^{2^{2^{2}}}}}", "3" },
        { "\\frac{1}{3000!}", "\\frac{1}{2999!}" },
        { new string('x', 1_000_000), "x" },
        { "\\left( 1 + 2", "3" },
        { "1\u0000+\u00002", "3" },
        { string.Concat(Enumerable.Repeat("(", 5000)), "1" },
        { string.Concat(Enumerable.Repeat("\\sqrt{", 3000)) + "2" + new string('}', 3000), "2" },
        { string.Join("+", Enumerable.Repeat("x^{99}", 3000)), "3000x^{99}" },
        { string.Join(",", Enumerable.Range(0, 2000)), string.Join(",", Enumerable.Range(0, 2000).Reverse()) },
        { "\\begin{pmatrix}" + string.Join("\\\\", Enumerable.Repeat("1&2&3", 500)) + "\\end{pmatrix}", "1" },
        { "1e99999", "1e99998" },
        { "0." + new string('3', 5000), "\\frac{1}{3}" },
        { "\\sin(\\sin(\\sin(\\sin(\\sin(x)))))^{1000000}", "0" },
        { "x^{10^{9}}", "x^{10^{9}}+1" },
    };

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Check_HostileInput_ReturnsQuicklyWithoutThrowing(string gold, string pred)
    {
        // The first call also compiles the paths it takes (seconds on a loaded machine); the work is what is bounded.
        var first = Checker.Check(gold, pred);
        var sw = Stopwatch.StartNew();
        var verdict = Checker.Check(gold, pred);
        sw.Stop();
        Assert.Equal(first, verdict);
        Assert.InRange(verdict.Steps, 0, EquivalenceOptions.Default.MaxSteps);
        Assert.NotNull(verdict.Reason);
        Assert.True(sw.Elapsed < Bound, $"took {sw.Elapsed.TotalMilliseconds:F1} ms: {verdict}");
    }

    [Theory]
    [MemberData(nameof(Hostile))]
    public void Extract_HostileInput_ReturnsQuickly(string gold, string pred)
    {
        var sw = Stopwatch.StartNew();
        _ = AnswerExtractor.Extract("The answer is $\\boxed{" + gold + "}$ and " + pred);
        Assert.True(sw.Elapsed < Bound, $"took {sw.Elapsed.TotalMilliseconds:F1} ms");
    }

    [Fact]
    public void Check_HugePowers_AreUnknownNotEqual()
    {
        var verdict = Checker.Check("10^{10^{10}}", "10^{10^{10}}+1");
        Assert.Equal(Outcome.Unknown, verdict.Outcome);
        Assert.False(verdict.IsEquivalent);
    }

    [Fact]
    public void Check_RandomStrings_NeverThrow() =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(400),
            Prop.ForAll(ArbMap.Default.ArbFor<string>(), ArbMap.Default.ArbFor<string>(), (a, b) =>
            {
                var verdict = Checker.Check(a ?? string.Empty, b ?? string.Empty);
                return verdict.Reason is not null;
            }));

    private static readonly string[] Tokens =
    [
        "\\frac{", "}{", "}", "{", "\\sqrt", "[", "]", "(", ")", "^", "_", "x", "y", "2", "3.5", "-", "+", "=", "<", "\\le", ",",
        "\\pi", "e", "i", "!", "%", "^\\circ", "\\text{", "\\boxed{", "\\left(", "\\right)", "\\cup", "\\infty", "&", "\\\\",
        "\\begin{pmatrix}", "\\end{pmatrix}", "\\pm", " ", "$", "\\{", "\\}", "|", "\\sin", "\\ln", "0", "1e5", "/",
    ];

    [Fact]
    public void Check_RandomLatexSoup_NeverThrowsAndIsReflexive()
    {
        var gen = Gen.ListOf(Gen.Elements(Tokens)).Select(parts => string.Concat(parts));
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(600),
            Prop.ForAll(gen.ToArbitrary(), gen.ToArbitrary(), (a, b) =>
            {
                var ab = Checker.Check(a, b);
                var aa = Checker.Check(a, a);
                _ = AnswerExtractor.Extract(a + b);
                return ab.Reason is not null && (aa.IsEquivalent || a.Trim().Length == 0);
            }));
    }

    [Fact]
    public void Check_NumbersAgainstTheirFractions_Agree() =>
        Check.One(
            Config.QuickThrowOnFailure.WithMaxTest(300),
            Prop.ForAll(ArbMap.Default.ArbFor<int>(), ArbMap.Default.ArbFor<int>(), (n, d) =>
            {
                if (d == 0)
                {
                    return true;
                }

                var asFraction = $"\\frac{{{n}}}{{{d}}}";
                var scaled = $"\\frac{{{(long)n * 3}}}{{{(long)d * 3}}}";
                var other = $"\\frac{{{(long)n + 1}}}{{{d}}}";
                return Checker.Check(asFraction, scaled).IsEquivalent && !Checker.Check(asFraction, other).IsEquivalent;
            }));
}
