using System.Text.Json.Nodes;
using Mario.Tool.Cli;
using Mario.Tool.Commands;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Commands;

/// <summary>The eval command runs every Mario.Search strategy end to end (scripted policy, plain step format).</summary>
public sealed class EvalStrategyTests
{
    private static string Fast => "scripted:" + Path.Combine(TestPaths.TestData, "scripted-fast.json");

    [Theory]
    [InlineData("maj", new[] { "-k", "4" }, 4)]
    [InlineData("majority", new[] { "-O", "samples=3" }, 3)]
    [InlineData("mcts", new[] { "-O", "gold-reward=true", "-O", "iterations=4", "-O", "samples=2" }, 0)]
    [InlineData("rstar-mcts", new[] { "-O", "gold-reward=true", "-O", "rollouts=3", "-O", "samples=2" }, 0)]
    [InlineData("beam", new[] { "-O", "beam-width=2", "-O", "samples=2" }, 0)]
    public async Task Eval_Strategy_RunsThroughSearchAndRecordsItsOptions(string strategy, string[] extra, int expectedVotes)
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("run");
        string[] args = ["eval", "--suite", "gsm8k-test-mini", "--step-format", "plain", "--model", Fast, "--ids", "gsm8k-test-0000",
            "--strategy", strategy, "-o", output, "--data-dir", TestPaths.ShippedSuites, .. extra];

        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var sample = JsonNode.Parse(File.ReadAllLines(Path.Combine(output, "samples.jsonl")).Single())!.AsObject();
        // The scripted rule for Janet's ducks always answers 18, the gold; every strategy must find and grade it.
        Assert.Equal("18", (string?)sample["answer"]);
        Assert.True((bool)sample["correct"]!);
        Assert.NotNull(sample["tree"]);
        if (expectedVotes > 0)
        {
            Assert.Equal(expectedVotes, (int)sample["candidates"]![0]!["votes"]!);
        }

        var summary = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")))!.AsObject();
        var recorded = summary["options"]!["strategy"]!.AsObject();
        for (var i = 0; i + 1 < extra.Length; i += 2)
        {
            var (name, value) = extra[i] == "-k" ? ("samples", extra[i + 1]) : (extra[i + 1].Split('=')[0], extra[i + 1].Split('=')[1]);
            Assert.Equal(value, (string?)recorded[name]);
        }
    }

    [Theory]
    [InlineData("maj", new[] { "-O", "samples=3" })]
    [InlineData("mcts", new[] { "-O", "gold-reward=true", "-O", "samples=3", "-O", "iterations=4" })]
    public async Task Eval_SameSeed_GivesByteIdenticalSamples_WhateverTheConcurrency(string strategy, string[] extra)
    {
        // Randomness is seeded per problem and the clock is injected, and the finished file is rewritten in suite
        // order, so neither scheduling nor concurrency may change a byte.
        using var temp = new TempDirectory();
        async Task<string> RunAsync(string name, string concurrency)
        {
            var output = temp.Combine(name);
            string[] args = ["eval", "--suite", "gsm8k-test-mini", "--step-format", "plain", "--model", Fast, "--limit", "8",
                "--strategy", strategy, "--seed", "11", "-j", concurrency, "-o", output, "--data-dir", TestPaths.ShippedSuites, .. extra];
            var run = await CliRun.InvokeAsync(new Mario.Testing.FixedTimeProvider(), args);
            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            return await File.ReadAllTextAsync(Path.Combine(output, "samples.jsonl"));
        }

        var serial = await RunAsync("serial", "1");
        var parallel = await RunAsync("parallel", "4");

        Assert.Equal(serial, parallel);
        Assert.Equal(8, serial.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Eval_LocalModel_RunsTheCpuEngineAndRecordsContextOverflow()
    {
        // The engine's tiny random Qwen2 fixture has a 128-token window, shorter than a synth-arith prompt in the
        // tagged format: the run must finish, record the overflow as the branch's terminal reason, and not crash.
        using var temp = new TempDirectory();
        var output = temp.Combine("run");
        var model = "local:" + Path.Combine(TestPaths.RepoRoot, "tests", "Mario.Inference.Tests", "Data", "tiny-qwen2");

        var run = await CliRun.InvokeAsync("eval", "--suite", "synth-arith", "--model", model, "--limit", "2", "--max-tokens", "16", "-o", output);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var samples = File.ReadAllLines(Path.Combine(output, "samples.jsonl")).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();
        Assert.Equal(2, samples.Count);
        Assert.All(samples, s =>
        {
            Assert.Null((string?)s["error"]);
            Assert.Contains(s["tree"]!["nodes"]!.AsArray(), n => (string?)n!["terminal"] == "contextOverflow");
        });
        var summary = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")))!.AsObject();
        Assert.Equal("local:tiny-qwen2", (string?)summary["model"]);
        Assert.Equal("tagged", (string?)summary["stepFormat"]);
    }

    [Theory]
    [InlineData(new[] { "--strategy", "beam", "-O", "beam-width=0" }, "option 'beam-width'")]
    [InlineData(new[] { "--strategy", "maj", "-O", "frobnicate=1" }, "option 'frobnicate'")]
    [InlineData(new[] { "--strategy", "maj", "-O", "samples" }, "--option samples: expected name=value")]
    [InlineData(new[] { "--strategy", "maj", "-k", "3", "-O", "samples=4" }, "--samples 3 contradicts --option samples=4")]
    [InlineData(new[] { "--step-format", "latex" }, "--step-format latex: unknown step format 'latex'")]
    public async Task Eval_BadStrategyInput_OneLineExit2(string[] extra, string expected)
    {
        using var temp = new TempDirectory();
        string[] args = ["eval", "--model", Fast, "--data-dir", TestPaths.ShippedSuites, "-o", temp.Combine("run"), .. extra];

        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains(expected, Assert.Single(run.ErrorLines));
    }
}
