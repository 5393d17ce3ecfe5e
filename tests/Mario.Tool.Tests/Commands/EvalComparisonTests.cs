using System.Text.Json.Nodes;
using Mario.Tool.Cli;
using Mario.Tool.Commands;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Commands;

/// <summary>A comma-separated --strategy runs each strategy into its own sub-folder and prints one table.</summary>
public sealed class EvalComparisonTests
{
    private static string Fast => "scripted:" + Path.Combine(TestPaths.TestData, "scripted-fast.json");

    private static string[] Args(string output, params string[] extra) =>
        ["eval", "--suite", "gsm8k-test-mini", "--step-format", "plain", "--model", Fast, "--limit", "2",
            "-o", output, "--data-dir", TestPaths.ShippedSuites, .. extra];

    [Fact]
    public async Task Eval_StrategyList_WritesOneRunPerStrategyAndOneTable()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("cmp");

        var run = await CliRun.InvokeAsync(Args(output, "--strategy", "greedy,maj@3", "-O", "samples=3"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var comparison = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "comparison.json")))!.AsObject();
        var runs = comparison["runs"]!.AsArray();
        Assert.Equal(["greedy", "maj@3"], runs.Select(r => (string)r!["label"]!));
        Assert.Equal(["greedy", "maj-3"], runs.Select(r => (string)r!["folder"]!));
        // -O samples=3 belongs to maj only: greedy has no such option and must not receive it.
        Assert.Null(runs[0]!["options"]!["strategyOptions"]!["samples"]);
        foreach (var folder in new[] { "greedy", "maj-3" })
        {
            Assert.Equal(2, File.ReadAllLines(Path.Combine(output, folder, "samples.jsonl")).Length);
            Assert.True(File.Exists(Path.Combine(output, folder, "summary.json")));
        }

        var table = run.Output;
        Assert.Contains("greedy", table);
        Assert.Contains("maj@3", table);
        Assert.Contains("| maj@3 | 2 |", await File.ReadAllTextAsync(Path.Combine(output, "summary.md")));
    }

    [Fact]
    public async Task Eval_ResumeComparison_FinishesTheMissingRunAndKeepsTheOthers()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("cmp");
        Assert.Equal(ExitCodes.Ok, (await CliRun.InvokeAsync(Args(output, "--strategy", "greedy,maj@3"))).ExitCode);
        var greedySamples = await File.ReadAllTextAsync(Path.Combine(output, "greedy", "samples.jsonl"));
        Directory.Delete(Path.Combine(output, "maj-3"), recursive: true);

        var resumed = await CliRun.InvokeAsync("eval", "--resume", output, "-j", "2");

        Assert.Equal(ExitCodes.Ok, resumed.ExitCode);
        Assert.Contains("2 already done", resumed.Error);
        Assert.Equal(greedySamples, await File.ReadAllTextAsync(Path.Combine(output, "greedy", "samples.jsonl")));
        Assert.Equal(2, File.ReadAllLines(Path.Combine(output, "maj-3", "samples.jsonl")).Length);
    }

    [Theory]
    [InlineData(new[] { "--strategy", "greedy,maj@3", "-O", "frobnicate=1" }, "--option frobnicate: none of the strategies greedy, maj@3 has it")]
    [InlineData(new[] { "--strategy", "greedy,greedy" }, "--strategy lists greedy twice")]
    [InlineData(new[] { "--strategy", "maj@3", "-O", "samples=4" }, "--option samples=4 contradicts --strategy maj@3")]
    [InlineData(new[] { "--strategy", "greedy,beam(0,5)" }, "option 'beam-width'")]
    public async Task Eval_BadComparison_OneLineExit2_AndNoFolder(string[] extra, string expected)
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("cmp");

        var run = await CliRun.InvokeAsync(Args(output, extra));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(expected, Assert.Single(run.ErrorLines));
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public async Task Eval_ResumeComparison_WithAnotherStrategy_IsRefused()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("cmp");
        Assert.Equal(ExitCodes.Ok, (await CliRun.InvokeAsync(Args(output, "--strategy", "greedy,maj@3"))).ExitCode);

        var run = await CliRun.InvokeAsync("eval", "--resume", output, "--strategy", "greedy");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("a comparison continues with the options it was started with; drop --strategy", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Eval_SuiteList_RunsEverySuiteWithEveryStrategy_OneTableWithASuiteColumn()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("multi");

        var run = await CliRun.InvokeAsync(["eval", "--suite", "gsm8k-test-mini,math500-mini", "--step-format", "plain", "--model", Fast,
            "--limit", "2", "-o", output, "--data-dir", TestPaths.ShippedSuites, "--strategy", "greedy,maj@2"]);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        string[] folders = ["gsm8k-test-mini-greedy", "gsm8k-test-mini-maj-2", "math500-mini-greedy", "math500-mini-maj-2"];
        var comparison = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "comparison.json")))!["runs"]!.AsArray();
        Assert.Equal(folders, comparison.Select(r => (string)r!["folder"]!));
        foreach (var folder in folders)
        {
            var summary = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, folder, "summary.json")))!;
            Assert.StartsWith((string)summary["suite"]!["id"]! + "-", folder, StringComparison.Ordinal);
            Assert.Equal(2, File.ReadAllLines(Path.Combine(output, folder, "samples.jsonl")).Length);
        }

        var markdown = await File.ReadAllTextAsync(Path.Combine(output, "summary.md"));
        Assert.Contains("| suite | strategy |", markdown);
        Assert.Contains("| math500-mini | maj@2 | 2 |", markdown);
        Assert.Contains("| gsm8k-test-mini | greedy | 2 |", markdown);

        // The group resumes as a whole: a deleted run is redone, the others are kept.
        Directory.Delete(Path.Combine(output, "math500-mini-greedy"), recursive: true);
        var resumed = await CliRun.InvokeAsync("eval", "--resume", output);
        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.Error);
        Assert.Equal(2, File.ReadAllLines(Path.Combine(output, "math500-mini-greedy", "samples.jsonl")).Length);
    }

    [Fact]
    public async Task Eval_ResumeOfAnOlderRunFile_SaysTheSchemaAndExits2()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("old");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "run.json"), "{\"schema\": 1, \"options\": {}, \"startedAt\": \"2026-01-01T00:00:00Z\", \"toolVersion\": \"0.1.0\", \"suiteVersion\": 1, \"dataSha256\": \"00\"}");

        var run = await CliRun.InvokeAsync("eval", "--resume", output);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("run.json:", Assert.Single(run.ErrorLines));
    }

    [Theory]
    [InlineData("{\"schema\": 2, \"startedAt\": \"2026-01-01T00:00:00Z\", \"runs\": [{\"label\": \"greedy\", \"folder\": \"greedy\", \"options\": null}]}", "comparison.json:1: $.runs[0].options:")]
    [InlineData("{\"schema\": 2, \"startedAt\": \"2026-01-01T00:00:00Z\", \"runs\": [null]}", "runs[0]: expected an object")]
    [InlineData("{\"schema\": 2, \"startedAt\": \"2026-01-01T00:00:00Z\", \"runs\": [{\"label\": \"greedy\", \"folder\": \"../x\", \"options\": {\"suite\": \"gsm8k-test-mini\", \"model\": \"tiny\", \"valueModel\": null, \"strategy\": \"greedy\", \"strategyOptions\": {}, \"stepFormat\": null, \"ids\": null, \"shard\": null, \"limit\": 1, \"seed\": 0, \"concurrency\": 1, \"maxTokens\": 64, \"dataDir\": null, \"unsafeSandbox\": false}}]}", "runs[0].folder: expected a plain sub-folder name, found '../x'")]
    [InlineData("{\"schema\": 2, \"startedAt\": \"2026-01-01T00:00:00Z\", \"runs\": [{\"label\": \"greedy\", \"folder\": \"greedy\", \"options\": {\"suite\": \"gsm8k-test-mini\", \"model\": \"tiny\", \"valueModel\": null, \"strategy\": \"majority-vote\", \"strategyOptions\": {}, \"stepFormat\": null, \"ids\": null, \"shard\": null, \"limit\": 1, \"seed\": 0, \"concurrency\": 1, \"maxTokens\": 64, \"dataDir\": null, \"unsafeSandbox\": false}}]}", "$.runs[0].options.strategy: expected a strategy name")]
    [InlineData("{\"schema\": 1, \"startedAt\": \"2026-01-01T00:00:00Z\", \"runs\": []}", "schema: expected 2, found 1")]
    [InlineData("{\"schema\": 2, \"runs\": [", "comparison.json:1")]
    public async Task Eval_ResumeComparison_DamagedFile_OneLineExit2(string content, string expected)
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("cmp");
        Directory.CreateDirectory(output);
        await File.WriteAllTextAsync(Path.Combine(output, "comparison.json"), content);

        var run = await CliRun.InvokeAsync("eval", "--resume", output);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(expected, Assert.Single(run.ErrorLines));
    }
}
