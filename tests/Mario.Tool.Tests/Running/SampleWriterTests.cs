using System.Text;
using System.Text.Json;
using Mario.Eval;
using Mario.Search;
using Mario.Tool.Runs;

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
        var line = new SampleLine("id\n1", "g", completion, completion, false,
            new SampleVerdict(Outcome.NotEquivalent, EquivalenceMethod.String, "r"), [new SampleCandidate(completion, 1, null)],
            new SampleUsage(0, 0, 0, 0, 0), null);

        var bytes = RunJson.Serialize(line);

        var text = Encoding.UTF8.GetString(bytes);
        Assert.Equal(1, text.Count(c => c == '\n'));
        Assert.EndsWith("\n", text);
        using var document = JsonDocument.Parse(bytes);
        Assert.Equal(expected, document.RootElement.GetProperty("completion").GetString());
        Assert.Equal(expected, document.RootElement.GetProperty("candidates")[0].GetProperty("answer").GetString());
        Assert.Equal("id\n1", document.RootElement.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.Null, document.RootElement.GetProperty("candidates")[0].GetProperty("score").ValueKind);
    }

    [Fact]
    public void Serialize_ClosedSets_AreKebabCaseAndRoundTrip()
    {
        var line = new SampleLine("a", "1", "c", null, false, new SampleVerdict(Outcome.NotEquivalent, EquivalenceMethod.Parse, "no answer extracted"),
            [], new SampleUsage(1, 2, 3, 4, 5, 6, 7, 8.5), null, NoAnswerReason.ContextOverflow);

        var text = Encoding.UTF8.GetString(RunJson.Serialize(line));
        var (back, error) = RunJson.ParseSample(text);

        Assert.Contains("\"outcome\":\"not-equivalent\"", text);
        Assert.Contains("\"noAnswerReason\":\"context-overflow\"", text);
        Assert.DoesNotContain("\"tree\"", text);
        Assert.Null(error);
        Assert.Equal(line with { Candidates = back!.Candidates }, back);
    }

    [Theory]
    [InlineData("{\"id\":\"a\"}", "$: JSON deserialization for type 'Mario.Tool.Runs.SampleLine' was missing required properties")]
    [InlineData("[1]", "$: The JSON value could not be converted")]
    [InlineData("{\"id\":\"a\",\"gold\":\"1\",\"completion\":\"\",\"answer\":null,\"correct\":false,\"verdict\":{\"outcome\":\"maybe\",\"method\":\"parse\",\"reason\":\"r\"},\"candidates\":[],\"usage\":{\"promptTokens\":0,\"generatedTokens\":0,\"modelCalls\":0,\"sandboxRuns\":0,\"steps\":0},\"error\":null}", "$.verdict.outcome:")]
    public void ParseSample_NotASampleLine_NamesTheField(string text, string expectedStart)
    {
        var (line, error) = RunJson.ParseSample(text);

        Assert.Null(line);
        Assert.StartsWith(expectedStart, error);
    }
}
