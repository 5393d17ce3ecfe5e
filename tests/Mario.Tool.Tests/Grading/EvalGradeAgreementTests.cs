using System.Text.Json;
using Mario.Testing;
using Mario.Tool.Cli;
using Mario.Tool.Runs;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Grading;

/// <summary>
/// eval and grade read answers with the one extractor (Mario.Eval) and grade with the same checker: grading a run
/// folder gives every problem the verdict eval gave it, for every strategy.
/// </summary>
public sealed class EvalGradeAgreementTests
{
    [Theory]
    [InlineData("greedy", "")]
    [InlineData("maj@3", "")]
    [InlineData("bon@3", "")]
    [InlineData("beam(2,3)", "")]
    [InlineData("mcts", "iterations=6")]
    [InlineData("rstar-mcts", "rollouts=6")]
    [InlineData("demo", "")]
    public async Task Grade_OfAnEvalRun_GivesEveryProblemTheVerdictEvalGave(string strategy, string option)
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("run");
        // "demo" is the scripted example of `dotnet mario --help`: boxed answers in a ReAct suite, so every step is
        // a format mismatch and there is no answer; grade used to find the boxes and report 50%.
        string[] args = strategy == "demo"
            ? ["eval", "-s", "gsm8k-test-mini", "-m", "scripted:" + Path.Combine(TestPaths.RepoRoot, "eval-suites", "demo", "gsm8k-mini.scripted.json"), "--limit", "10", "-o", output, "--data-dir", TestPaths.ShippedSuites]
            : ["eval", "--strategy", strategy, "--limit", "5", "-o", output, .. (option.Length > 0 ? new[] { "-O", option } : [])];

        var run = await CliRun.InvokeAsync(new FixedTimeProvider(), args);
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var samples = File.ReadAllLines(Path.Combine(output, "samples.jsonl")).Select(l => RunJson.ParseSample(l).Line!).ToList();

        var grade = await CliRun.InvokeAsync("grade", output, "--format", "json");

        Assert.True(grade.ExitCode == ExitCodes.Ok, grade.Error);
        using var report = JsonDocument.Parse(grade.Output);
        var root = report.RootElement;
        Assert.Equal("mario", root.GetProperty("input_format").GetString());
        Assert.Equal(samples.Count, root.GetProperty("samples").GetInt32());
        Assert.Equal(samples.Count(s => s.Correct), root.GetProperty("mario_correct").GetInt32());
        Assert.Equal(samples.Count(s => s.Correct), root.GetProperty("file_correct").GetInt32());
        Assert.Empty(root.GetProperty("disagreements").EnumerateArray());
        if (strategy == "demo")
        {
            Assert.Equal(0, root.GetProperty("mario_correct").GetInt32());
        }
    }
}
