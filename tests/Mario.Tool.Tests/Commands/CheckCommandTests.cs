using System.Text.Json;
using Mario.Eval.Answers;
using Mario.Tool.Commands;
using Mario.Tool.Grading;

namespace Mario.Tool.Tests.Commands;

public sealed class CheckCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mario-check-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task<(int Code, string[] Lines, string Err)> RunAsync(string content, bool failFast = false)
    {
        var file = Path.Combine(_dir, "pairs.jsonl");
        await File.WriteAllTextAsync(file, content);
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var code = await CheckCommand.RunPairsAsync(new FileInfo(file), ExtractionStyle.Auto, failFast, stdout, stderr, CancellationToken.None);
        return (code, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries), stderr.ToString());
    }

    [Fact]
    public async Task Pairs_WriteOneVerdictPerLineInOrder()
    {
        var (code, lines, err) = await RunAsync(
            """
            {"gold": "\\frac{1}{2}", "pred": "0.5"}
            {"gold": "(1,2)", "pred": "(2,1)"}
            {"gold": "18", "pred": "She has 9 * 2 = 18 dollars.\n#### 18"}
            {"gold": 42, "pred": 42.0}
            """);
        Assert.Equal(0, code);
        Assert.Equal(4, lines.Length);
        var verdicts = lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([true, false, true, true], verdicts.Select(v => v.GetProperty("equivalent").GetBoolean()));
        Assert.Equal("exact", verdicts[0].GetProperty("method").GetString());
        Assert.Equal("18", verdicts[2].GetProperty("pred_answer").GetString());
        Assert.Contains("checked 4 pairs: 3 equivalent", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pairs_MalformedLine_IsReportedWithFileAndLineAndDoesNotStopTheRest()
    {
        var (code, lines, err) = await RunAsync("{\"gold\": \"1\", \"pred\": \"1\"}\nnot json\n{\"gold\": \"1\"}\n{\"gold\": \"2\", \"pred\": \"3\"}\n");
        Assert.Equal(2, code);
        Assert.Equal(4, lines.Length);
        Assert.Contains("pairs.jsonl:2:", lines[1], StringComparison.Ordinal);
        Assert.Contains("pairs.jsonl:3: missing field \\u0022pred\\u0022", lines[2].Replace("\\\"", "\\u0022", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.False(JsonDocument.Parse(lines[3]).RootElement.GetProperty("equivalent").GetBoolean());
        Assert.Contains("error: pairs.jsonl:2: not valid JSON", err, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pairs_LoneSurrogates_AreAnErrorLineAndLaterLinesGetVerdicts()
    {
        var (code, lines, err) = await RunAsync("{\"gold\": \"\\ud800\", \"pred\": \"\\udfff\"}\n{\"gold\": \"1\", \"pred\": \"\\udc00\"}\n{\"gold\": \"2\", \"pred\": \"2\"}\n");
        Assert.Equal(2, code);
        Assert.Equal(3, lines.Length);
        Assert.Equal("error", JsonDocument.Parse(lines[0]).RootElement.GetProperty("method").GetString());
        Assert.Contains("pairs.jsonl:1: a field is not valid UTF-16", err, StringComparison.Ordinal);
        Assert.Contains("pairs.jsonl:2: a field is not valid UTF-16", err, StringComparison.Ordinal);
        Assert.True(JsonDocument.Parse(lines[2]).RootElement.GetProperty("equivalent").GetBoolean());
    }

    [Fact]
    public async Task Pairs_FailFast_StopsAtTheFirstMalformedLine()
    {
        var (code, lines, _) = await RunAsync("{\"gold\": \"1\", \"pred\": \"1\"}\n[1,2]\n{\"gold\": \"2\", \"pred\": \"2\"}\n", failFast: true);
        Assert.Equal(2, code);
        Assert.Equal(2, lines.Length);
    }

    [Fact]
    public async Task Grade_RegradesStoredSamples_AndWritesTheNewVerdicts()
    {
        var input = Path.Combine(_dir, "samples.jsonl");
        await File.WriteAllTextAsync(input,
            """
            {"id":"a","gold":"\\frac{1}{2}","completion":"so $\\boxed{0.5}$","answer":"0.5","correct":false}
            {"id":"b","gold":"(1,2)","completion":"so $\\boxed{(2,1)}$","answer":"(2,1)","correct":false}
            """);
        var output = new FileInfo(Path.Combine(_dir, "regraded.jsonl"));
        var code = await Regrader.RunAsync(new GradeRequest(_dir, output, ShowChanged: 0), TextWriter.Null, TextWriter.Null, CancellationToken.None);
        Assert.Equal(0, code);
        var rows = File.ReadAllLines(output.FullName).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([true, false], rows.Select(r => r.GetProperty("correct").GetBoolean()));
        Assert.False(rows[0].GetProperty("previous_correct").GetBoolean());
        Assert.Equal("exact", rows[0].GetProperty("verdict").GetProperty("method").GetString());
    }

    [Fact]
    public async Task Grade_MissingInput_IsAUsageError()
    {
        using var stderr = new StringWriter();
        var code = await Regrader.RunAsync(new GradeRequest(Path.Combine(_dir, "nope")), TextWriter.Null, stderr, CancellationToken.None);
        Assert.Equal(2, code);
        Assert.Contains("not found", stderr.ToString(), StringComparison.Ordinal);
    }
}
