using System.Text;
using Mario.Inference.Tests.Support;

namespace Mario.Inference.Tests.Engine;

public sealed class StopStringMatcherTests
{
    private static readonly TestByteTokenizer Tokenizer = TestByteTokenizer.Load(Path.Combine(Fixtures.Dir("tiny-qwen2"), "tokenizer.json"));

    [Theory]
    [InlineData("x = 5\n\nThe answer", new[] { "\n\n" }, "x = 5", "\n\n")]
    [InlineData("ab→cd", new[] { "→" }, "ab", "→")]
    [InlineData("print(1)\n```output", new[] { "```output", "\n" }, "print(1)", "\n")]
    [InlineData("no stop here", new[] { "zzz" }, "no stop here", null)]
    [InlineData("𝑥 = 1 then 𝑦", new[] { "𝑦" }, "𝑥 = 1 then ", "𝑦")]
    [InlineData("abcabc", new[] { "ca", "bc" }, "a", "bc")]
    public void ByteByByte_FindsTheEarliestStop(string text, string[] stops, string expected, string? stop)
    {
        var matcher = new StopStringMatcher(Tokenizer, stops);
        var stopped = false;
        foreach (var id in Tokenizer.Encode(text))
        {
            if (matcher.OnToken(id))
            {
                stopped = true;
                break;
            }
        }

        Assert.Equal(expected, matcher.Text);
        Assert.Equal(stop, matcher.MatchedStop);
        Assert.Equal(stop is not null, stopped);
    }

    [Fact]
    public void TruncatedUtf8_BecomesReplacementCharacter()
    {
        var matcher = new StopStringMatcher(Tokenizer, []);
        var bytes = Encoding.UTF8.GetBytes("a→");
        foreach (var id in Tokenizer.Encode("a→").Take(bytes.Length - 1))
        {
            matcher.OnToken(id);
        }

        Assert.Equal("a\uFFFD", matcher.Text);
    }
}
