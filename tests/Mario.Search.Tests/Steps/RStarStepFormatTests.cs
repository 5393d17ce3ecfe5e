using Mario.Search.Steps;

namespace Mario.Search.Tests.Steps;

public sealed class RStarStepFormatTests
{
    private static readonly RStarStepFormat Format = new();
    private static readonly Problem Problem = new("p1", "What is 6*7?", "42");

    [Fact]
    public void BuildPrompt_ConcatenatesStepsWithoutDelimiter()
    {
        Assert.Equal(
            "<|user|>:\nWhat is 6*7?\n\n<|assistant|>: Let's think step by step and solve the problem with code.A<end_of_step>B",
            Format.BuildPrompt(Problem, ["A<end_of_step>", "B"]));
    }

    [Fact]
    public void StopSequences_AreTheEvalList()
    {
        Assert.Equal(["<end_of_step>", "<end_of_code>", "<end_of_answer>"], Format.StopSequences);
    }

    [Fact]
    public void Parse_IntermediateChunk_ReappendsStopAndDoesNotCloseBlock()
    {
        var code = Assert.IsType<CodeStep>(Format.Parse("\n<code>\n# Step 1: multiply\nx = 6*7\n", "<end_of_step>"));
        Assert.Equal("\n<code>\n# Step 1: multiply\nx = 6*7\n<end_of_step>", code.Text);
        Assert.Equal("# Step 1: multiply\nx = 6*7", code.Code);
        Assert.False(code.ClosesBlock);
    }

    [Fact]
    public void Parse_LastChunk_ClosesBlockAndTakesOutput()
    {
        var code = Assert.IsType<CodeStep>(Format.Parse("\n# Now print the final answer\nprint(x)\n", "<end_of_code>"));
        Assert.True(code.ClosesBlock);
        Assert.Equal("\n# Now print the final answer\nprint(x)\n<end_of_code>\n<output>42<end_of_output>", Format.AttachObservation(code.Text, "42"));
    }

    [Theory]
    [InlineData("\n<answer>\nThe answer is \\boxed{42}.\n", "42")]
    [InlineData("\n<answer>\n\\boxed{1} then \\boxed{\\frac{1}{2}}\n", "\\frac{1}{2}")]
    // The box's content verbatim (Mario.Eval's extractor, the one eval, grade and check share); the checker reads \text{}.
    [InlineData("\n<answer>\n\\boxed{\\text{east}}\n", "\\text{east}")]
    public void Parse_Answer_TakesLastBox(string text, string expected)
    {
        var answer = Assert.IsType<AnswerStep>(Format.Parse(text, "<end_of_answer>"));
        Assert.Equal(expected, answer.Answer);
        Assert.EndsWith("<end_of_answer>", answer.Text);
    }

    [Fact]
    public void Parse_BoxedInsideCodeComment_IsStillCode()
    {
        // The reference treats any text containing "boxed" as a final answer (section 8, rStar 5).
        Assert.IsType<CodeStep>(Format.Parse("\n# the result will be boxed later\ny = 1\n", "<end_of_step>"));
    }

    [Theory]
    [InlineData("\n<answer>\nno box here\n", "<end_of_answer>", "no complete")]
    [InlineData("\nx = 1\n", null, "expected the step to end")]
    [InlineData("\nprint(1)\n<output>1<end_of_output>", "<end_of_code>", "own <output>")]
    [InlineData("\n  \n", "<end_of_step>", "empty")]
    public void Parse_Hostile_IsUnparsable(string text, string? stop, string reasonPart)
    {
        Assert.Contains(reasonPart, Assert.IsType<Unparsable>(Format.Parse(text, stop)).Reason);
    }
}
