using Mario.Eval.Expressions;

namespace Mario.Eval.Tests.Expressions;

public sealed class MathParserTests
{
    private static (Node? Node, ParseError? Error) Parse(string text) =>
        MathParser.Parse(LatexNormalizer.Normalize(text), new WorkBudget(100_000));

    [Theory]
    [InlineData("\\frac{1}{2", 10, "expected '}'")]
    [InlineData("(1, 2", 5, "expected ')' or ']' to close '('")]
    [InlineData("3 +", 3, "expected a term after the operator")]
    [InlineData("x = ", 3, "expected an expression after the relation")]
    [InlineData("\\begin{pmatrix} 1 & 2", 21, "expected \\end{pmatrix}")]
    public void Parse_Malformed_ReportsPositionAndExpectation(string text, int position, string message)
    {
        var (node, error) = Parse(text);
        Assert.Null(node);
        Assert.Equal(new ParseError(position, message), error);
    }

    [Theory]
    [InlineData("1\\frac12", "Num { Value = 3/2, Decimals = -1 }")]
    [InlineData("0.250", "Num { Value = 1/4, Decimals = 3 }")]
    [InlineData("204_5", "BaseNumber { Digits = 204, Base = 5 }")]
    [InlineData("\\pi", "Const { Kind = Pi }")]
    [InlineData("\\text{Evelyn}", "Text { Value = Evelyn }")]
    [InlineData("[0,1)", "Interval")]
    [InlineData("\\{1,2\\}", "ListNode")]
    [InlineData("x \\le 3", "Relation")]
    [InlineData("\\begin{pmatrix}1\\\\2\\end{pmatrix}", "Matrix")]
    [InlineData("28\\%", "Percent")]
    [InlineData("90^\\circ", "Degrees")]
    [InlineData("1 \\pm \\sqrt{2}", "PlusMinus")]
    public void Parse_AnswerForms_BuildTheExpectedNode(string text, string expectedStart)
    {
        var (node, error) = Parse(text);
        Assert.Null(error);
        Assert.StartsWith(expectedStart, node!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_DeepNesting_IsTheDepthBudgetNotAStackOverflow()
    {
        // Well-formed but deeper than the parser follows: a spent budget (Unknown), not a syntax error (NotEquivalent).
        var deep = new string('{', 10_000) + "1" + new string('}', 10_000);
        var e = Assert.Throws<BudgetExceededException>(() => Parse(deep));
        Assert.Equal(WorkLimit.Depth, e.Limit);
        Assert.Contains("nesting deeper than", e.Message, StringComparison.Ordinal);
    }
}
