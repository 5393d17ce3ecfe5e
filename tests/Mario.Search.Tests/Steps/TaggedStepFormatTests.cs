using Mario.Sandbox;
using Mario.Search.Steps;

namespace Mario.Search.Tests.Steps;

public sealed class TaggedStepFormatTests
{
    private static readonly TaggedStepFormat Format = new();
    private static readonly Problem Problem = new("p1", "What is 6*7?", "42");

    [Fact]
    public void BuildPrompt_Root_IsQuestionTagsAndNewline()
    {
        Assert.Equal("<question> What is 6*7? </question>\n", Format.BuildPrompt(Problem, []));
    }

    [Fact]
    public void BuildPrompt_WithSteps_JoinsByNewlineAndEndsWithNewline()
    {
        Assert.Equal("<question> What is 6*7? </question>\nA\nB\n", Format.BuildPrompt(Problem, ["A", "B"]));
    }

    [Fact]
    public void StopSequences_AreTheReferenceList()
    {
        Assert.Equal(["\n</code>", "</code>", "</step>"], Format.StopSequences);
    }

    [Fact]
    public void Parse_CodeStep_AppendsCloseTagAndStripsFences()
    {
        var parse = Format.Parse("<step>\n<p>\nMultiply.\n</p>\n<code>\n```python\nprint(6*7)\n```", "\n</code>");

        var code = Assert.IsType<CodeStep>(parse);
        Assert.Equal("<step>\n<p>\nMultiply.\n</p>\n<code>\n```python\nprint(6*7)\n```\n</code>", code.Text);
        Assert.Equal("print(6*7)", code.Code);
        Assert.True(code.ClosesBlock);
    }

    [Fact]
    public void AttachObservation_WrapsOutputAndClosesStep()
    {
        var text = Format.AttachObservation("<step>\n<code>\n```python\nprint(1)\n```\n</code>", "1");
        Assert.Equal("<step>\n<code>\n```python\nprint(1)\n```\n</code>\n<output>\n1\n</output>\n</step>", text);
    }

    [Theory]
    [InlineData("<step>\n<p>\nSo.\n</p>\n<p>\nFinal Answer: $42$\n</p>\n", "42")]
    [InlineData("<step>\n<p>\nFinal Answer: $\\frac{1}{2}$\n</p>\n", "\\frac{1}{2}")]
    [InlineData("<step>\n<p>\nFinal Answer: 7 apples", "7 apples")]
    public void Parse_FinalAnswer_ExtractsAnswerWithoutDollars(string text, string expected)
    {
        var answer = Assert.IsType<AnswerStep>(Format.Parse(text, "</step>"));
        Assert.Equal(expected, answer.Answer);
        Assert.EndsWith("\n</step>", answer.Text);
    }

    [Theory]
    [InlineData("<step>\n<p>\nFinal Answer: $1$\n</p>\n<code>\n```python\nx=1\n```", "both")]
    [InlineData("<step>\n<p>\nI think about it.\n</p>\n", "expected a <code> block")]
    [InlineData("<step>\n<p>\nSee.\n</p>\n<code>\n```python\nprint(1)", "empty")]
    [InlineData("<step>\n<p>\nFinal Answer: $$\n</p>\n", "followed by nothing")]
    public void Parse_Hostile_IsUnparsableWithReason(string text, string reasonPart)
    {
        var bad = Assert.IsType<Unparsable>(Format.Parse(text, "</step>"));
        Assert.Contains(reasonPart, bad.Reason);
    }

    [Fact]
    public void FormatObservation_Error_IsTypeAndMessage()
    {
        var result = new ExecutionResult("", "", new ExecutionError("NameError", "name 'x' is not defined"), false, TimeSpan.Zero);
        Assert.Equal("NameError: name 'x' is not defined", Format.FormatObservation(result));
    }

    [Fact]
    public void FormatObservation_LongOutput_KeepsHeadAndTail()
    {
        var output = new string('a', 300) + new string('b', 300);
        var text = Format.FormatObservation(new ExecutionResult(output, "", null, false, TimeSpan.Zero));
        Assert.Equal(new string('a', 250) + "..." + new string('b', 250), text);
    }
}
