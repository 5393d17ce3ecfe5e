using Mario.Eval.Answers;

namespace Mario.Eval.Tests.Hardening;

/// <summary>
/// Issue #25 (checker half): hostile answers get a verdict, answers are read whole or judged Unknown naming the
/// limit that ran out, and long sums or deep nesting are never misread as their last number or innermost fraction.
/// </summary>
public sealed class HardeningTests
{
    private static readonly EquivalenceChecker Checker = new();
    private static readonly AnswerGrader Grader = new(Checker, ExtractionStyle.Auto, ExtractionStyle.Auto);

    private static Verdict Grade(string gold, string pred) => Grader.GradeWithGold(gold, pred).Grade.Verdict;

    // Built at run time: attribute arguments are stored as UTF-8, which turns every lone surrogate into U+FFFD.
    private static readonly (string Gold, string Pred)[] Surrogates =
    [
        ("\ud800", "\udfff"), ("\udfff", "\ud800"), ("1\ud800", "1\udbff"), ("\\frac{1}{\ud800}", "\\frac{1}{\udc00}"),
        ("x\udc00\ud800", "x"), ("\ud83d", "\ud83d\ude00"), ("2\udfff", "2\ufffd"),
    ];

    [Fact]
    public void Check_LoneSurrogates_AreNotEquivalentAndDoNotThrow()
    {
        foreach (var (gold, pred) in Surrogates)
        {
            // The checker keeps unpaired surrogates as opaque characters: they are neither dropped nor merged.
            Assert.False(Checker.Check(gold, pred).IsEquivalent, $"{gold.Length}/{pred.Length} chars");
            Assert.False(Checker.Check(pred, gold).IsEquivalent, $"{gold.Length}/{pred.Length} chars");
            Assert.True(Checker.Check(gold, gold).IsEquivalent);

            // Grading extracts first (a number glued to junk reads as the number, as in prose), and never throws either.
            Assert.NotNull(Grade(gold, pred).Reason);
        }
    }

    [Fact]
    public void Grade_IssueExampleOfLoneSurrogates_IsNotEquivalent()
    {
        Assert.Equal(Outcome.NotEquivalent, Grade("\ud800", "\udfff").Outcome);
        Assert.Equal(Outcome.NotEquivalent, Grade("\udfff", "\ud800").Outcome);
    }

    public static TheoryData<string, string, WorkLimit> UnreadTails() => new()
    {
        { new string('x', 1_000_000), new string('x', 999_999) + "y", WorkLimit.Length },
        { "1" + new string('0', 99_999), "1" + new string('0', 99_998) + "1", WorkLimit.Length },
        { new string('7', 100_000), new string('7', 99_999) + "8", WorkLimit.Length },
        { "The answer is \\boxed{" + new string('9', 30_000) + "}.", "\\boxed{" + new string('9', 29_999) + "8}", WorkLimit.Length },
        { "0." + new string('3', 3000), "0." + new string('3', 2999) + "4", WorkLimit.Magnitude },
    };

    [Theory]
    [MemberData(nameof(UnreadTails))]
    public void Grade_AnswersDifferingBeyondTheOldCut_AreUnknownNamingTheLimit(string gold, string pred, WorkLimit limit)
    {
        var verdict = Grade(gold, pred);
        Assert.Equal((Outcome.Unknown, EquivalenceMethod.Budget, (WorkLimit?)limit), (verdict.Outcome, verdict.Method, verdict.Exhausted));
        Assert.Contains(limit.ToString(), verdict.Reason, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Grade_IdenticalHugeAnswers_AreEquivalentBecauseReadWhole()
    {
        var big = new string('7', 100_000);
        Assert.True(Grade(big, big).IsEquivalent);
    }

    private static string Sum(int terms) => string.Join("+", Enumerable.Repeat("1", terms));

    private static string ContinuedFraction(int depth) =>
        string.Concat(Enumerable.Repeat("\\frac{1}{1+", depth - 1)) + "\\frac{1}{1}" + new string('}', depth - 1);

    [Theory]
    [InlineData(2001, "2001", true)]
    [InlineData(2001, "1", false)]
    [InlineData(2001, "2000", false)]
    [InlineData(3500, "3500", true)]
    [InlineData(3500, "1", false)]
    public void Grade_LongSums_AreReadWhole(int terms, string pred, bool expected)
    {
        Assert.Equal(expected, Grade(Sum(terms), pred).IsEquivalent);
        Assert.Equal(expected, Grade(pred, Sum(terms)).IsEquivalent);
    }

    [Theory]
    [InlineData(1000, "\\frac{1}{1}", WorkLimit.Length)]
    [InlineData(1000, "1", WorkLimit.Length)]
    [InlineData(1000, "0.618033988749895", WorkLimit.Length)]
    [InlineData(300, "\\frac{1}{2}", WorkLimit.Depth)]
    [InlineData(150, "\\frac{1}{1}", WorkLimit.Depth)]
    public void Grade_DeepContinuedFractions_AreUnknownNotTheirInnermostFraction(int depth, string pred, WorkLimit limit)
    {
        // 1,000 levels is 13,000 characters: over the length budget before the depth budget is reached.
        var verdict = Grade(ContinuedFraction(depth), pred);
        Assert.Equal((Outcome.Unknown, (WorkLimit?)limit), (verdict.Outcome, verdict.Exhausted));
        var reverse = Grade(pred, ContinuedFraction(depth));
        Assert.Equal((Outcome.Unknown, (WorkLimit?)limit), (reverse.Outcome, reverse.Exhausted));
    }

    [Fact]
    public void Grade_ShallowContinuedFraction_IsEvaluated()
    {
        // 10 levels of 1/(1+...) is F(10)/F(11) = 55/89, checked exactly, not by its innermost fraction.
        Assert.True(Grade(ContinuedFraction(10), "\\frac{55}{89}").IsEquivalent);
        Assert.False(Grade(ContinuedFraction(10), "\\frac{1}{1}").IsEquivalent);
    }

    [Theory]
    [InlineData(200, "(", ")")]
    [InlineData(500, "{", "}")]
    [InlineData(400, "\\sqrt{", "}")]
    [InlineData(300, "\\text{", "}")]
    [InlineData(300, "-(", ")")]
    public void Check_NestingDeeperThanTheParserFollows_IsUnknownForDepth(int depth, string open, string close)
    {
        var deep = string.Concat(Enumerable.Repeat(open, depth)) + "2" + string.Concat(Enumerable.Repeat(close, depth));
        var verdict = Checker.Check(deep, "2");
        Assert.Equal((Outcome.Unknown, EquivalenceMethod.Budget, (WorkLimit?)WorkLimit.Depth), (verdict.Outcome, verdict.Method, verdict.Exhausted));
    }
}
