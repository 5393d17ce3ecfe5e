using Mario.Search.Export;
using Mario.Search.Steps;
using Mario.Search.Tree;
using Mario.Testing;

namespace Mario.Search.Tests.Export;

public sealed class TrainingExportTests
{
    private const string Square = "Let x equal two, then square it to get the area of the square.";
    private const string Guess = "Guess.";
    private const string Compute = "Compute two times two with the interpreter to be safe.";

    // root
    //   0.0 Square   Q 0.6   -> 0.0.0 "4" correct (Q 1), 0.0.1 "5" wrong (Q -1), 0.0.2 too many code errors (Q -1)
    //   0.1 Guess    Q -0.5  -> 0.1.0 "5" wrong (Q -1)
    //   0.2 Compute  Q 0.3, its code failed once -> 0.2.0 "4" with no recorded verdict (graded by the checker)
    internal static TreeDump Sample() => new(1, "p7", "What is 2 squared?", "4", "mcts", StepFormatKind.Tagged,
    [
        Node("0", StepKind.Root, "", 10, 0),
        Node("0.0", StepKind.Thought, Square, 5, 3),
        Answer("0.0.0", "So 4.", "4", true, 1),
        Answer("0.0.1", "So 5.", "5", false, -1),
        Node("0.0.2", StepKind.Code, "1/0", 1, -1) with { Terminal = TerminalReason.TooManyCodeErrors, CodeFailed = true },
        Node("0.1", StepKind.Thought, Guess, 2, -1),
        Answer("0.1.0", "Maybe 5.", "5", false, -1),
        Node("0.2", StepKind.Code, Compute, 2, 0.6) with { CodeFailed = true },
        Answer("0.2.0", "Thus 4.", "4", null, 1),
    ]);

    private static NodeRecord Node(string id, StepKind kind, string text, int visits, double sum) =>
        new(id, kind, text, null, false, null, false, 0, null, null, null, null, false, 0.9, 3, visits, sum, visits == 0 ? 0 : sum / visits, null);

    private static NodeRecord Answer(string id, string text, string answer, bool? correct, double q) =>
        Node(id, StepKind.Answer, text, 1, q) with { Answer = answer, Correct = correct, Terminal = TerminalReason.Answered };

    private static readonly StringEquivalenceChecker Checker = new();

    [Fact]
    public void RStarPpm_PairsHighQCorrectSiblingsWithLowQWrongOnes()
    {
        // At the root: chosen (has a correct answer below, by Q desc) = 0.0 (0.6), 0.2 (0.3);
        // rejected (has a wrong answer below, by Q asc) = 0.1 (-0.5), 0.0 (0.6).
        // 0.0 vs 0.1: margin 1.1; 0.2 vs 0.1: margin 0.8; 0.0 vs 0.0 is the same node; 0.2 vs 0.0 has a negative margin.
        // At 0.0 (both kinds below): 0.0.0 vs 0.0.1 has margin 2 but the steps differ by 1 character (< 20): filtered.
        var pairs = TrainingExport.RStarPpm(Sample(), new ExportOptions(), checker: Checker);

        Assert.Equal([("0.0", "0.1", 1.1), ("0.2", "0.1", 0.8)], pairs.Select(p => (p.PosId, p.NegId, Math.Round(p.StepMargin, 9))));
        Assert.All(pairs, p => Assert.Equal(("What is 2 squared?", 2, 2), (p.Prompt, p.PosCount, p.NegCount)));
    }

    [Fact]
    public void RStarPpm_NoEditDistanceFilter_KeepsNearDuplicateAnswerPair()
    {
        var pairs = TrainingExport.RStarPpm(Sample(), new ExportOptions(MinEditDistance: 0), checker: Checker);

        var inner = Assert.Single(pairs, p => p.PosId == "0.0.0");
        Assert.Equal(("0.0.1", 1, 1), (inner.NegId, inner.PosCount, inner.NegCount));
        Assert.Equal("What is 2 squared?\n" + Square, inner.Prompt);
    }

    [Fact]
    public void AlphaMath_LastStepTargetIsTerminalReward_LimitsPerKind()
    {
        var examples = TrainingExport.AlphaMath(Sample(), new ExportOptions(MaxWrongPaths: 2), checker: Checker);

        Assert.Equal(["0.0.0", "0.0.1", "0.0.2", "0.2.0"], examples.Select(e => e.LeafId));
        Assert.Equal([0.6, 1.0], examples[0].Steps.Select(s => Math.Round(s.Q, 9)));
        Assert.Equal([0.6, -1.0], examples[2].Steps.Select(s => Math.Round(s.Q, 9)));
        Assert.Equal([1, -1, -1, 1], examples.Select(e => e.Reward));
    }

    [Theory]
    [InlineData("", TerminalReason.ContextOverflow)]
    [InlineData("\n\n", TerminalReason.Unparsable)]
    public void AlphaMath_LeafWithoutText_EndsNoPath(string text, TerminalReason reason)
    {
        var sample = Sample();
        var blank = Node("0.1.1", StepKind.Invalid, text, 1, -1) with { Terminal = reason };
        var tree = sample with { Nodes = [.. sample.Nodes, blank] };

        var examples = TrainingExport.AlphaMath(tree, new ExportOptions(), checker: Checker);

        Assert.Equal(["0.0.0", "0.0.1", "0.0.2", "0.1.0", "0.2.0"], examples.Select(e => e.LeafId));
        Assert.All(examples, e => Assert.All(e.Steps, s => Assert.False(string.IsNullOrWhiteSpace(s.Text))));
    }

    [Fact]
    public void Sft_BestCorrectPathsWithoutFailingCode()
    {
        var examples = TrainingExport.Sft(Sample(), new ExportOptions(SftPaths: 2), checker: Checker);

        var only = Assert.Single(examples);
        Assert.Equal(("0.0.0", Square + "\nSo 4.", 0.8), (only.LeafId, only.Response, Math.Round(only.MeanQ, 9)));
    }

    [Fact]
    public void MathShepherd_SoftLabelIsFractionOfCorrectAnswersBelow()
    {
        var examples = TrainingExport.MathShepherd(Sample(), checker: Checker);

        Assert.Equal(["0.0.0", "0.0.1", "0.1.0", "0.2.0"], examples.Select(e => e.LeafId));
        Assert.Equal([[0.5, 1.0], [0.5, 0.0], [0.0, 0.0], [1.0, 1.0]], examples.Select(e => e.SoftLabels.ToArray()));
        Assert.Equal([[1, 1], [1, 0], [0, 0], [1, 1]], examples.Select(e => e.HardLabels.ToArray()));
    }

    [Fact]
    public void MathShepherd_WithoutChecker_LeavesUngradedAnswersOut()
    {
        Assert.Equal(3, TrainingExport.MathShepherd(Sample()).Count);
    }

    [Fact]
    public void Lines_EveryFormat_Snapshot()
    {
        var text = string.Join("\n", Enum.GetValues<ExportFormat>()
            .SelectMany(f => new[] { $"# {f}" }.Concat(TrainingExport.Lines(f, Sample(), new ExportOptions(), checker: Checker))));

        Snapshot.Match(text);
    }

    [Theory]
    [InlineData("kitten", "sitting", 3)]
    [InlineData("", "abc", 3)]
    [InlineData("same", "same", 0)]
    public void EditDistance_IsLevenshtein(string a, string b, int expected)
    {
        Assert.Equal(expected, TrainingExport.EditDistance(a, b));
    }
}
