using Mario.Eval.Answers;

namespace Mario.Eval.Tests.Answers;

public sealed class AnswerExtractorTests
{
    [Theory]
    [InlineData("so the answer is $\\boxed{42}$.", "42", ExtractionRule.Boxed)]
    [InlineData("\\boxed{\\frac{1}{2}} and later \\boxed{\\frac{3}{4}}", "\\frac{3}{4}", ExtractionRule.Boxed)]
    [InlineData("nested \\boxed{\\{1, \\{2\\}\\}} end", "\\{1, \\{2\\}\\}", ExtractionRule.Boxed)]
    [InlineData("the roots are \\boxed{-2} and \\boxed{1}.", "-2, 1", ExtractionRule.Boxed)]
    [InlineData("$\\boxed{1}\\boxed{2}$", "1, 2", ExtractionRule.Boxed)]
    [InlineData("first \\boxed{3}. Much later, after thinking, \\boxed{5}", "5", ExtractionRule.Boxed)]
    [InlineData("\\fbox{7}", "7", ExtractionRule.Boxed)]
    [InlineData("so $\\boxed 5$", "5", ExtractionRule.Boxed)]
    [InlineData("Final Answer: The final answer is $28 \\%$. I hope it is correct.", "28 \\%", ExtractionRule.FinalAnswer)]
    [InlineData("Thought: done.\n\nFinal Answer: $\\frac{1}{4}$\n<Solution complete>", "\\frac{1}{4}", ExtractionRule.FinalAnswer)]
    [InlineData("Final Answer: The volume of $ABCD$ is 120. I hope it is correct.", "120", ExtractionRule.FinalAnswer)]
    [InlineData("Thus the answer is 2.5. Done", "2.5", ExtractionRule.Phrase)]
    [InlineData("The answer is: $x = 3$", "x = 3", ExtractionRule.Phrase)]
    [InlineData("She makes $18.\n#### 1,018", "1018", ExtractionRule.HashMark)]
    [InlineData("Therefore, there are 12 distinct sequences that meet the conditions.", "12", ExtractionRule.LastMath)]
    [InlineData("So the pair is $(7, 6)$. <|im_start|>user", "(7, 6)", ExtractionRule.LastMath)]
    [InlineData("\\frac{1}{2}", "\\frac{1}{2}", ExtractionRule.WholeText)]
    [InlineData("buying a used phone", "buying a used phone", ExtractionRule.WholeText)]
    [InlineData("[-1, -\\frac{1}{2}) \\cup (0, 1) \\cup (1, \\infty)", "[-1, -\\frac{1}{2}) \\cup (0, 1) \\cup (1, \\infty)", ExtractionRule.WholeText)]
    public void Extract_Auto_TakesTheExpectedRule(string completion, string answer, ExtractionRule rule)
    {
        var extracted = AnswerExtractor.Extract(completion);
        Assert.Equal((answer, rule), (extracted.Answer, extracted.Rule));
    }

    [Theory]
    [InlineData("x = 3, then 4, finally 5 apples", ExtractionStyle.LastNumber, "5")]
    [InlineData("total 1,234.5 dollars", ExtractionStyle.LastNumber, "1234.5")]
    [InlineData("Action Input: ```python\nprint(3)\n```\n```output\n3\n```\n", ExtractionStyle.CodeOutput, "3")]
    [InlineData("Observation: [144.000000000000]\n\nThought: ok", ExtractionStyle.CodeOutput, "144.000000000000")]
    [InlineData("no box here", ExtractionStyle.Boxed, null)]
    [InlineData("#### 72", ExtractionStyle.HashMark, "72")]
    public void Extract_SelectedStyle_UsesOnlyThatRule(string completion, ExtractionStyle style, string? answer) =>
        Assert.Equal(answer, AnswerExtractor.Extract(completion, style).Answer);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    public void Extract_Empty_GivesNone(string? completion) => Assert.Equal(ExtractedAnswer.None, AnswerExtractor.Extract(completion));

    [Fact]
    public void Extract_UnbalancedBox_FallsBackWithoutThrowing()
    {
        var extracted = AnswerExtractor.Extract("the answer is \\boxed{\\frac{1}{2}");
        Assert.NotEqual(ExtractionRule.Boxed, extracted.Rule);
    }
}
