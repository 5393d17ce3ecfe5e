using System.Text.Json.Nodes;
using Mario.Tool.Grading;

namespace Mario.Tool.Tests.Grading;

public sealed class FieldPathTests
{
    private static readonly JsonNode Line = JsonNode.Parse("""{"resps": [["a", "b"]], "doc": {"answer": "7"}, "code": ["x", "y", "z"], "n": 3}""")!;

    [Theory]
    [InlineData("resps[0][0]", 0, "a")]
    [InlineData("resps[0][1]", 0, "b")]
    [InlineData("doc.answer", 0, "7")]
    [InlineData("code[*]", 2, "z")]
    [InlineData("resps[0][*]", 1, "b")]
    [InlineData("n", 0, "3")]
    public void Resolve_FollowsNamesAndIndexes(string path, int element, string expected) =>
        Assert.Equal(expected, FieldPath.Parse(path).Path!.Resolve(Line, element)!.ToString());

    [Theory]
    [InlineData("resps[1][0]")]
    [InlineData("doc.solution")]
    [InlineData("n.x")]
    [InlineData("code[3]")]
    public void Resolve_MissingStep_IsNull(string path) => Assert.Null(FieldPath.Parse(path).Path!.Resolve(Line));

    [Theory]
    [InlineData("code[*]", 3)]
    [InlineData("resps[0][*]", 2)]
    [InlineData("doc.answer", 1)]
    [InlineData("doc[*]", 0)]
    public void WildcardCount_IsTheArrayLength(string path, int expected) => Assert.Equal(expected, FieldPath.Parse(path).Path!.WildcardCount(Line));

    [Theory]
    [InlineData("", "empty field path")]
    [InlineData("a..b", "expected a field name at position 3")]
    [InlineData("a[x]", "expected [N] or [*] at position 2")]
    [InlineData("a[-1]", "expected [N] or [*] at position 2")]
    [InlineData("a.", "unexpected '.' at position 2")]
    [InlineData("[0]", "expected a field name at position 1")]
    [InlineData("a[*].b[*]", "at most one [*]")]
    public void Parse_BadPath_SaysWhatWasExpected(string path, string expected) => Assert.Contains(expected, FieldPath.Parse(path).Error, StringComparison.Ordinal);
}
