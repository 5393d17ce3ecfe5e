using Mario.Search.Steps;

namespace Mario.Search.Tests.Steps;

public sealed class PlainCotStepFormatTests
{
    private static readonly PlainCotStepFormat Format = new();

    [Fact]
    public void BuildPrompt_StepsSeparatedByBlankLines()
    {
        var prompt = Format.BuildPrompt(new Problem("p", "Q?", null), ["First.", "Second."]);
        Assert.EndsWith("Answer: First.\n\nSecond.\n\n", prompt);
        Assert.StartsWith("Question: Q?\n", prompt);
        Assert.Equal(["\n\n"], Format.StopSequences);
    }

    [Theory]
    [InlineData("We add 1 and 1.", typeof(ThoughtStep))]
    [InlineData("So the answer is \\boxed{\\frac{1}{2}}.", typeof(AnswerStep))]
    [InlineData("So \\boxed{", typeof(Unparsable))]
    [InlineData("So \\boxed{}", typeof(Unparsable))]
    [InlineData("   ", typeof(Unparsable))]
    public void Parse_ClassifiesParagraph(string text, Type expected)
    {
        Assert.IsType(expected, Format.Parse(text, "\n\n"));
    }

    [Fact]
    public void Parse_Answer_IsLastBoxContent()
    {
        Assert.Equal("\\frac{1}{2}", Assert.IsType<AnswerStep>(Format.Parse("So the answer is \\boxed{\\frac{1}{2}}.", null)).Answer);
    }
}
