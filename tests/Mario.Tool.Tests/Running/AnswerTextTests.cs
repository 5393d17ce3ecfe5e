using Mario.Tool.Running;

namespace Mario.Tool.Tests.Running;

public sealed class AnswerTextTests
{
    [Theory]
    [InlineData("so \\boxed{\\frac{1}{2}} and then \\boxed{3}", "3")]
    [InlineData("\\boxed{\\frac{a}{\\sqrt{b}}}.", "\\frac{a}{\\sqrt{b}}")]
    [InlineData("work\n#### 1,234\n", "1234")]
    [InlineData("Thus the answer is $42$.", "42")]
    [InlineData("Final Answer: (1, 2)", "(1, 2)")]
    [InlineData("we get 3 apples then 7 pears", "7")]
    [InlineData("a total of 1,250.5 dollars", "1250.5")]
    [InlineData("no digits here", null)]
    [InlineData("\\boxed{unclosed", null)]
    public void ExtractPredicted_Completion_GivesFinalAnswer(string completion, string? expected)
    {
        Assert.Equal(expected, AnswerText.ExtractPredicted(completion));
    }
}
