using System.Text.Json;
using System.Text.Json.Nodes;
using Mario.Testing;
using Mario.Tool.Cli;
using Mario.Tool.Commands;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Commands;

public sealed class EvalCommandTests
{
    private static string Fast => "scripted:" + Path.Combine(TestPaths.TestData, "scripted-fast.json");

    [Fact]
    public async Task Eval_ScriptedModel_WritesSamplesAndSummary()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("run");

        var run = await CliRun.InvokeAsync("eval", "--suite", "gsm8k-test-mini", "--step-format", "plain", "--model", Fast, "--limit", "6", "--seed", "7", "-o", output, "--data-dir", TestPaths.ShippedSuites);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.DoesNotContain("error:", run.Error);
        // Half the problems end without an answer: standard error says why, and which problem to look at.
        Assert.Contains("3 of 6 problems ended without an answer", run.Error);
        var samples = File.ReadAllLines(Path.Combine(output, "samples.jsonl")).Select(l => JsonNode.Parse(l)!.AsObject()).OrderBy(s => (string)s["id"]!).ToList();
        Assert.Equal(6, samples.Count);
        Assert.Equal(["18", "3", "12", null, null, null], samples.Select(s => (string?)s["answer"]));
        Assert.Equal([true, true, false, false, false, false], samples.Select(s => (bool)s["correct"]!));
        // The scripted rule for problem 3 runs past the plain format's "\n\n" stop; every step is cut there.
        Assert.StartsWith("three sprints", (string)samples[3]["completion"]!);
        Assert.DoesNotContain("past the stop sequence", (string)samples[3]["completion"]!);
        Snapshot.Match(Scrub(await File.ReadAllTextAsync(Path.Combine(output, "summary.json"))), "summary.json");
        Assert.Contains("| accuracy | 33.3 % (2/6) |", await File.ReadAllTextAsync(Path.Combine(output, "summary.md")));
    }

    [Fact]
    public async Task Eval_OutputFolderHoldingARun_IsRefused()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("run");
        await CliRun.InvokeAsync("eval", "--model", Fast, "--limit", "1", "-o", output, "--data-dir", TestPaths.ShippedSuites);

        var again = await CliRun.InvokeAsync("eval", "--model", Fast, "--limit", "1", "-o", output, "--data-dir", TestPaths.ShippedSuites);

        Assert.Equal(ExitCodes.Usage, again.ExitCode);
        Assert.Contains("already holds a run; continue it with --resume", again.Error);
    }

    [Fact]
    public async Task Resume_WithConflictingLimit_IsRefused_ButSameLimitIsAccepted()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("run");
        await CliRun.InvokeAsync("eval", "--model", Fast, "--limit", "3", "-o", output, "--data-dir", TestPaths.ShippedSuites);

        var conflicting = await CliRun.InvokeAsync("eval", "--resume", output, "--limit", "5");
        var same = await CliRun.InvokeAsync("eval", "--resume", output, "--limit", "3", "--concurrency", "1");

        Assert.Equal(ExitCodes.Usage, conflicting.ExitCode);
        Assert.Contains("--limit 5 contradicts the run being resumed (started with --limit 3)", conflicting.Error);
        Assert.Equal(ExitCodes.Ok, same.ExitCode);
        Assert.Equal(3, File.ReadAllLines(Path.Combine(output, "samples.jsonl")).Length);
    }

    [Fact]
    public async Task Resume_WhileAnotherProcessHoldsTheRun_IsRefused()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("run");
        await CliRun.InvokeAsync("eval", "--model", Fast, "--limit", "2", "-o", output, "--data-dir", TestPaths.ShippedSuites);
        using var held = new Mario.Tool.Running.RunDirectory(output).TryLock();

        var resumed = await CliRun.InvokeAsync("eval", "--resume", output);

        Assert.NotNull(held);
        Assert.Equal(ExitCodes.Usage, resumed.ExitCode);
        Assert.Contains("is in use by another mario process", Assert.Single(resumed.ErrorLines));
    }

    [Fact]
    public async Task Resume_AfterTheSuiteDataChanged_IsRefused()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("run");
        await CliErrorTests.WriteSuiteAsync(temp, "mine", "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"1\"}\n{\"id\":\"b\",\"question\":\"q\",\"answer\":\"2\"}\n");
        var first = await CliRun.InvokeAsync("eval", "--suite", temp.Combine("mine.json"), "--model", Fast, "--limit", "1", "-o", output);
        await CliErrorTests.WriteSuiteAsync(temp, "mine", "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"3\"}\n{\"id\":\"b\",\"question\":\"q\",\"answer\":\"2\"}\n");

        var resumed = await CliRun.InvokeAsync("eval", "--resume", output);

        Assert.Equal(ExitCodes.Ok, first.ExitCode);
        Assert.Equal(ExitCodes.Usage, resumed.ExitCode);
        Assert.Contains("suite 'mine' changed since the run started", Assert.Single(resumed.ErrorLines));
    }

    [Fact]
    public async Task Eval_Shards_PartitionTheSelection()
    {
        using var temp = new TempDirectory();
        var ids = new List<string>();
        for (var shard = 1; shard <= 3; shard++)
        {
            var output = temp.Combine($"s{shard}");
            var run = await CliRun.InvokeAsync("eval", "--model", Fast, "--ids", "gsm8k-test-0000,gsm8k-test-0001,gsm8k-test-0002,gsm8k-test-0003,gsm8k-test-0004", "--shard", $"{shard}/3", "-o", output, "--data-dir", TestPaths.ShippedSuites);
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            ids.AddRange(File.ReadAllLines(Path.Combine(output, "samples.jsonl")).Select(l => (string)JsonNode.Parse(l)!["id"]!));
        }

        Assert.Equal(["gsm8k-test-0000", "gsm8k-test-0001", "gsm8k-test-0002", "gsm8k-test-0003", "gsm8k-test-0004"], ids.Order());
    }

    internal static string Scrub(string summaryJson)
    {
        var node = JsonNode.Parse(summaryJson)!.AsObject();
        node["startedAt"] = "{time}";
        node["finishedAt"] = "{time}";
        node["tool"]!["commit"] = "{commit}";
        node["tool"]!["version"] = "{version}";
        node["options"]!["dataDir"] = "{data-dir}";
        node["usage"]!["elapsedMs"] = "{ms}";
        node["usage"]!["meanElapsedMs"] = "{ms}";
        return node.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }
}
