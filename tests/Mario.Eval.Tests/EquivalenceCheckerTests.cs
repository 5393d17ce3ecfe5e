using Mario.Eval.Answers;

namespace Mario.Eval.Tests;

public sealed class EquivalenceCheckerTests
{
    private static readonly EquivalenceChecker Checker = new();
    private static readonly IReadOnlyList<EquivalenceCase> Cases = EquivalenceCase.Load();

    public static TheoryData<int> CaseLines()
    {
        var data = new TheoryData<int>();
        foreach (var c in Cases)
        {
            data.Add(c.Line);
        }

        return data;
    }

    private static readonly AnswerGrader Grader = new(Checker, ExtractionStyle.Auto, ExtractionStyle.Auto);

    // Both sides go through the same extraction and grading as `mario check --pairs`, so rows may hold whole completions.
    private static Verdict Run(EquivalenceCase c) => Grader.GradeWithGold(c.Gold, c.Pred).Grade.Verdict;

    [Theory]
    [MemberData(nameof(CaseLines))]
    public void Check_LabelledCase_MatchesLabel(int line)
    {
        var c = Cases[line - 1];
        var verdict = Run(c);
        Assert.True(verdict.IsEquivalent == c.Expected, $"{c}: gold {c.Gold} pred {c.Pred} -> {verdict}");
    }

    [Fact]
    public void Check_CaseTable_HasSeveralHundredRowsWithNotes()
    {
        Assert.True(Cases.Count >= 400, $"only {Cases.Count} rows");
        Assert.All(Cases, c => Assert.False(string.IsNullOrWhiteSpace(c.Note)));
        Assert.True(Cases.Count(c => !c.Expected) >= 100, "too few non-equivalent rows to measure specificity");
    }

    [Fact]
    public void Check_CaseTable_MeetsTheQualityBar()
    {
        var results = Cases.Select(c => (c.Expected, Got: Run(c).IsEquivalent)).ToList();
        var agreement = results.Count(r => r.Expected == r.Got) / (double)results.Count;
        var negatives = results.Where(r => !r.Expected).ToList();
        var specificity = negatives.Count(r => !r.Got) / (double)negatives.Count;
        Assert.True(agreement >= 0.95, $"agreement {agreement:P1}");
        Assert.True(specificity >= 0.97, $"specificity {specificity:P1}");
    }

    [Theory]
    [InlineData("\\frac{1}{2004!}", "\\frac{1}{2006!}", EquivalenceMethod.Exact)]
    [InlineData("1-1/e", "1+1/e", EquivalenceMethod.Numeric)]
    [InlineData("(1,2)", "(2,1)", EquivalenceMethod.Exact)]
    public void Check_NotEquivalent_ReportsMethod(string gold, string pred, EquivalenceMethod method)
    {
        var verdict = Checker.Check(gold, pred);
        Assert.Equal((Outcome.NotEquivalent, method), (verdict.Outcome, verdict.Method));
        Assert.False(string.IsNullOrWhiteSpace(verdict.Reason));
    }

    [Theory]
    [InlineData("\\frac{1}{2}", "0.5", EquivalenceMethod.Exact)]
    [InlineData("2\\sqrt{3}", "\\sqrt{12}", EquivalenceMethod.Symbolic)]
    [InlineData("(x+1)^2", "x^2+2x+1", EquivalenceMethod.Numeric)]
    [InlineData("\\{1,2\\}", "\\{2,1\\}", EquivalenceMethod.Structural)]
    [InlineData("1,000", "1000", EquivalenceMethod.String)]
    public void Check_Equivalent_ReportsMethod(string gold, string pred, EquivalenceMethod method)
    {
        var verdict = Checker.Check(gold, pred);
        Assert.Equal((Outcome.Equivalent, method), (verdict.Outcome, verdict.Method));
    }

    [Theory]
    [InlineData("\\frac{1}{2}", "0.5")]
    [InlineData("x=3", "3")]
    [InlineData("[0,1)", "[0, 1)")]
    [InlineData("\\begin{pmatrix}1&2\\\\3&4\\end{pmatrix}", "\\begin{bmatrix}1&2\\\\3&4\\end{bmatrix}")]
    public void Check_IsSymmetricOnPlainEquivalences(string a, string b)
    {
        Assert.True(Checker.Check(a, b).IsEquivalent);
        Assert.True(Checker.Check(b, a).IsEquivalent);
    }

    [Fact]
    public void Check_ConcurrentCalls_GiveTheSameVerdicts()
    {
        var sample = Cases.Take(120).ToList();
        var sequential = sample.Select(c => Checker.Check(c.Gold, c.Pred).Outcome).ToList();
        var parallel = new Outcome[sample.Count];
        Parallel.For(0, sample.Count, i => parallel[i] = Checker.Check(sample[i].Gold, sample[i].Pred).Outcome);
        Assert.Equal(sequential, parallel);
    }
}
