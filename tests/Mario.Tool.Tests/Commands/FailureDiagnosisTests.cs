using System.Text.Json.Nodes;
using Mario.Testing;
using Mario.Tool.Cli;
using Mario.Tool.Commands;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Commands;

/// <summary>
/// Failures say themselves: a prompt that cannot fit the model's context is said before the run, and a run in which
/// more than a fifth of the problems end without an answer names the commonest reason and a problem to look at,
/// on standard error and in summary.md; each sample line records its own reason.
/// </summary>
public sealed class FailureDiagnosisTests
{
    [Fact]
    public async Task Eval_PromptLongerThanTheContext_WarnsBeforeTheRunAndNamesTheReasonAfter()
    {
        // GSM8K's ReAct prompt carries Super_MARIO's few-shots (about 4,500 tokens); the embedded model's window is 1,024.
        using var temp = new TempDirectory();
        var output = temp.Combine("run");

        var run = await CliRun.InvokeAsync(new FixedTimeProvider(), "eval", "-s", "gsm8k-test-mini", "-m", "tiny", "--strategy", "greedy",
            "--limit", "2", "-o", output, "--data-dir", TestPaths.ShippedSuites);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.Contains("warning: 2 of 2 prompts do not fit tiny's context window of 1,024 tokens", run.Error);
        Assert.Contains("2 of 2 problems ended without an answer, most often context-overflow (2)", run.Error);
        Assert.Contains("look at problem gsm8k-test-0000", run.Error);
        Assert.DoesNotContain("warning", run.Output);
        var markdown = await File.ReadAllTextAsync(Path.Combine(output, "summary.md"));
        Assert.Contains("> warning: 2 of 2 prompts do not fit", markdown);
        Assert.Contains("most often context-overflow", markdown);
        var samples = File.ReadAllLines(Path.Combine(output, "samples.jsonl")).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.All(samples, s => Assert.Equal("context-overflow", (string?)s["noAnswerReason"]));
        var summary = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")))!;
        Assert.Equal(2, (int)summary["metrics"]!["noAnswerReasons"]!["context-overflow"]!["count"]!);
        Assert.Single(summary["warnings"]!.AsArray());
    }

    [Fact]
    public async Task Eval_StepsInAnotherFormat_NamesFormatMismatch()
    {
        // The demo's completions are plain chain-of-thought with \boxed{}; the suite's ReAct format expects Action: or
        // Final Answer:, so every step is unparsable.
        using var temp = new TempDirectory();
        var output = temp.Combine("run");
        var demo = "scripted:" + Path.Combine(TestPaths.RepoRoot, "eval-suites", "demo", "gsm8k-mini.scripted.json");

        var run = await CliRun.InvokeAsync(new FixedTimeProvider(), "eval", "-s", "gsm8k-test-mini", "-m", demo, "--limit", "3",
            "-o", output, "--data-dir", TestPaths.ShippedSuites);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.Contains("3 of 3 problems ended without an answer, most often format-mismatch (3)", run.Error);
        Assert.Contains("--step-format", run.Error);
    }

    [Fact]
    public async Task Eval_MostProblemsAnswered_SaysNothing()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("run");

        var run = await CliRun.InvokeAsync(new FixedTimeProvider(), "eval", "--limit", "3", "--strategy", "beam(2,3)", "-o", output);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.DoesNotContain("warning", run.Error);
        Assert.DoesNotContain("ended without an answer", await File.ReadAllTextAsync(Path.Combine(output, "summary.md")));
    }
}
