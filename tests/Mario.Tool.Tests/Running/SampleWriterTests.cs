using System.Text;
using System.Text.Json;
using Mario.Eval;
using Mario.Tool.Reporting;
using Mario.Tool.Running;

namespace Mario.Tool.Tests.Running;

public sealed class SampleWriterTests
{
    // Surrogates are passed as code units: xunit would mangle lone surrogates inside string theory data.
    [Theory]
    [InlineData("plain", 0, 0, "plain")]
    [InlineData("pair {0}{1} ok", 0xD83D, 0xDE00, "pair \ud83d\ude00 ok")]
    [InlineData("lone {0} high", 0xD800, 0, "lone \ufffd high")]
    [InlineData("lone low {0}", 0xDC00, 0, "lone low \ufffd")]
    [InlineData("cut pair {0}", 0xD83D, 0, "cut pair \ufffd")]
    [InlineData("reversed {1}{0}", 0xD83D, 0xDE00, "reversed \ufffd\ufffd")]
    public void Serialize_HostileCompletion_IsOneValidLine(string template, int first, int second, string expected)
    {
        var completion = template.Replace("{0}", first == 0 ? "" : ((char)first).ToString()).Replace("{1}", second == 0 ? "" : ((char)second).ToString());
        var record = new SampleRecord("id\n1", "g", completion, completion, false,
            new Verdict(Outcome.NotEquivalent, EquivalenceMethod.String, "r"), [new SolveCandidate(completion, 1, double.NaN)], SolveUsage.None, null, null);

        var bytes = SampleWriter.Serialize(record);

        var text = Encoding.UTF8.GetString(bytes);
        Assert.Equal(1, text.Count(c => c == '\n'));
        Assert.EndsWith("\n", text);
        using var document = JsonDocument.Parse(bytes);
        Assert.Equal(expected, document.RootElement.GetProperty("completion").GetString());
        Assert.Equal("id\n1", document.RootElement.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("candidates")[0].GetProperty("score").ValueKind);
    }
}
