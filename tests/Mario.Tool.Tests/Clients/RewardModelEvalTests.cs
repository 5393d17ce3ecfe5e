using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Mario.Models;
using Mario.Models.Clients;
using Mario.Tool.Cli;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Clients;

/// <summary>
/// <c>eval --value-model vllm-pooling:...</c> end to end through the CLI: a scripted policy writes three chains for
/// Janet's ducks (answers 18, 17, 16) and a loopback server answering like vLLM serving Qwen2.5-Math-PRM scores their
/// steps from a table, chosen so that each bon aggregation picks a different chain.
/// </summary>
public sealed class RewardModelEvalTests
{
    // p_right per step.  Chain X (18): min .2, prod .171, last .95;  Y (17): min .6, prod .216, last .6;
    // Z (16): min .3, prod .294, last .3, and Z's first step is the best first step.
    private static readonly Dictionary<string, double> Table = new(StringComparer.Ordinal)
    {
        ["Ducks lay 16 eggs a day."] = 0.9,
        ["She uses 3 + 4 = 7 of them."] = 0.2,
        ["So she earns 9 * 2 = \\boxed{18} dollars."] = 0.95,
        ["Janet starts with 16 eggs."] = 0.6,
        ["She keeps 7 and sells 8."] = 0.6,
        ["Sales bring \\boxed{17} dollars."] = 0.6,
        ["Each day brings 16 eggs."] = 0.99,
        ["Breakfast and muffins use 8."] = 0.99,
        ["That leaves \\boxed{16} dollars."] = 0.3,
    };

    private static string Chains => "scripted:" + Path.Combine(TestPaths.TestData, "scripted-prm-chains.json");

    private static async Task<(CliRun Run, string Output)> EvalAsync(TempDirectory temp, string valueModel, params string[] extra)
    {
        var output = temp.Combine("run");
        string[] args = ["eval", "--suite", "gsm8k-test-mini", "--step-format", "plain", "--model", Chains, "--ids", "gsm8k-test-0000",
            "--value-model", valueModel, "-o", output, "--data-dir", TestPaths.ShippedSuites, .. extra];
        return (await CliRun.InvokeAsync(args), output);
    }

    private static JsonObject Sample(string output) =>
        JsonNode.Parse(File.ReadAllLines(Path.Combine(output, "samples.jsonl")).Single())!.AsObject();

    [Theory]
    [InlineData("min", "17")]
    [InlineData("prod", "16")]
    [InlineData("last", "18")]
    public async Task Bon_WithHttpPrm_AggregationDecidesTheChain(string aggregation, string expected)
    {
        await using var server = new LoopbackPoolingServer(VllmRewardEmulation.QwenPrm(Table));
        using var temp = new TempDirectory();

        var (run, output) = await EvalAsync(temp, $"vllm-pooling:{server.Url}#Qwen/Qwen2.5-Math-PRM-7B",
            "--strategy", "bon", "-O", "samples=3", "-O", $"aggregation={aggregation}");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var sample = Sample(output);
        Assert.Equal(expected, (string?)sample["answer"]);
        Assert.Null((string?)sample["error"]);
        // One request, one input per chain: every prefix's score is read from its chain's step scores.
        var body = Assert.Single(server.Bodies);
        Assert.Equal("Qwen/Qwen2.5-Math-PRM-7B", (string?)body["model"]);
        var inputs = body["input"]!.AsArray().Select(n => (string)n!).ToList();
        Assert.Equal(3, inputs.Count);
        Assert.All(inputs, i => Assert.Equal(3, i.Split("<extra_0>").Length - 1));
        Assert.Contains(inputs, i => i.Contains("<|im_start|>user\nJanet’s ducks lay 16 eggs per day.", StringComparison.Ordinal));
        var summary = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")))!.AsObject();
        Assert.Equal($"vllm-pooling:{server.Url}#Qwen/Qwen2.5-Math-PRM-7B", (string?)summary["valueModel"]);
    }

    [Fact]
    public async Task Bon_WithHttpOrm_ScoresWholeSolutionsOnce()
    {
        // The outcome model likes the solution answering 17 (reward 3) and dislikes the others (reward -1).
        await using var server = new LoopbackPoolingServer((_, body) =>
        {
            var inputs = JsonNode.Parse(body)!["input"]!.AsArray().Select(n => (string)n!).ToList();
            var data = inputs.Select((text, i) => (JsonNode)new JsonObject
            {
                ["index"] = i,
                ["data"] = new JsonArray(new JsonArray(0.0), new JsonArray(text.Contains("\\boxed{17}", StringComparison.Ordinal) ? 3.0 : -1.0)),
            }).ToArray();
            return LoopbackPoolingServer.Reply.Json(new JsonObject { ["data"] = new JsonArray(data) });
        });
        using var temp = new TempDirectory();

        var (run, output) = await EvalAsync(temp, $"vllm-pooling:{server.Url}#Qwen/Qwen2.5-Math-RM-72B@orm",
            "--strategy", "bon", "-O", "samples=3", "-O", "aggregation=last");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var sample = Sample(output);
        Assert.Equal("17", (string?)sample["answer"]);
        Assert.Equal(Math.Tanh(1.5), (double)sample["candidates"]![0]!["score"]!, 9);
        var body = Assert.Single(server.Bodies);
        Assert.Null(body["task"]);
        var inputs = body["input"]!.AsArray().Select(n => (string)n!).ToList();
        Assert.Equal(3, inputs.Count);
        Assert.Contains(inputs, i => i.EndsWith(
            "<|im_start|>assistant\nJanet starts with 16 eggs.\n\nShe keeps 7 and sells 8.\n\nSales bring \\boxed{17} dollars.<|im_end|>\n", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Beam_WithHttpPrm_FollowsTheBestScoredStep()
    {
        // Without a value model the beam keeps generation order (chain X, 18); the PRM prefers Z's first step (.99).
        await using var server = new LoopbackPoolingServer(VllmRewardEmulation.QwenPrm(Table));
        using var temp = new TempDirectory();

        var (run, output) = await EvalAsync(temp, $"vllm-pooling:{server.Url}#prm", "--strategy", "beam", "-O", "beam-width=1", "-O", "samples=3");

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        Assert.Equal("16", (string?)Sample(output)["answer"]);
        // Step 1 scores the three first steps; steps 2 and 3 score Z's one (deduplicated) continuation.
        Assert.Equal(new[] { 3, 1, 1 }, server.Bodies.Select(b => b["input"]!.AsArray().Count).ToArray());
        Assert.Equal(new[] { 1, 2, 3 }, server.Bodies.Select(b => ((string)b["input"]![0]!).Split("<extra_0>").Length - 1).ToArray());
    }

    [Theory]
    [InlineData("mcts", new[] { "-O", "iterations=8", "-O", "samples=3" })]
    [InlineData("mcts", new[] { "-O", "iterations=8", "-O", "samples=3", "-O", "update-leaf-value=true" })]
    [InlineData("rstar-mcts", new[] { "-O", "rollouts=4", "-O", "samples=3" })]
    public async Task Mcts_WithHttpPrm_StoresEachNodesMappedStepScore(string strategy, string[] options)
    {
        await using var server = new LoopbackPoolingServer(VllmRewardEmulation.QwenPrm(Table));
        using var temp = new TempDirectory();

        var (run, output) = await EvalAsync(temp, $"vllm-pooling:{server.Url}#prm", ["--strategy", strategy, .. options]);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var sample = Sample(output);
        Assert.Null((string?)sample["error"]);
        Assert.Contains((string?)sample["answer"], new[] { "16", "17", "18" });
        Assert.NotEmpty(server.Requests);
        var scored = sample["tree"]!["nodes"]!.AsArray().Select(n => n!.AsObject())
            .Where(n => n["value"] is not null && (string?)n["id"] != "0").ToList();
        Assert.NotEmpty(scored);
        // Every value the search stored is the PRM's probability for that node's own last step, as 2p - 1.
        Assert.All(scored, n => Assert.Equal(2 * Table[(string)n["text"]!] - 1, (double)n["value"]!, 9));
    }

    [Fact]
    public async Task HostileServer_FailsTheProblemWithAnErrorNamingTheRequest_AndTheRunFinishes()
    {
        // One score too few for every input, as a server that truncated the inputs would answer.
        await using var server = new LoopbackPoolingServer((n, body) =>
        {
            var inputs = JsonNode.Parse(body)!["input"]!.AsArray();
            var data = new JsonArray(inputs.Select((_, i) => (JsonNode)new JsonObject { ["index"] = i, ["data"] = new JsonArray(new JsonArray(0.5, 0.5)) }).ToArray());
            return LoopbackPoolingServer.Reply.Json(new JsonObject { ["data"] = data });
        });
        using var temp = new TempDirectory();

        var (run, output) = await EvalAsync(temp, $"vllm-pooling:{server.Url}#prm", "--strategy", "bon", "-O", "samples=3");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var error = (string?)Sample(output)["error"];
        Assert.Equal($"RewardModelException: reward model at {server.Url}/pooling, request 1: input 0: expected 3 step scores (one per <extra_0>), "
            + "got 1 (a server that truncates a long input drops its last steps)", error);
    }

    [Fact]
    public async Task UnreachableRewardServer_Exits3NamingTheUrl()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var temp = new TempDirectory();

        var (run, _) = await EvalAsync(temp, $"vllm-pooling:http://127.0.0.1:{port}#prm", "--strategy", "bon", "-O", "samples=3");

        Assert.Equal(ExitCodes.BackendUnreachable, run.ExitCode);
        Assert.Contains($"model backend http://127.0.0.1:{port}/pooling is unreachable", run.Error);
    }

    [Theory]
    [InlineData("vllm-pooling:http://127.0.0.1:8001#Qwen/Qwen2.5-Math-PRM-7B", "http://127.0.0.1:8001", "Qwen/Qwen2.5-Math-PRM-7B", RewardModelStyle.QwenPrm)]
    [InlineData("vllm-pooling:http://h:8001/v1#shepherd@math-shepherd", "http://h:8001/v1", "shepherd", RewardModelStyle.MathShepherd)]
    [InlineData("vllm-pooling:https://rm.example#Qwen/Qwen2.5-Math-RM-72B@orm", "https://rm.example", "Qwen/Qwen2.5-Math-RM-72B", RewardModelStyle.Outcome)]
    public void Spec_VllmPooling_ParsesAndRoundTrips(string text, string url, string name, RewardModelStyle style)
    {
        Assert.True(ModelSpec.TryParse(text, out var spec, out var error), error);

        Assert.Equal(new ModelSpec(ModelSpecKind.VllmPooling, url, name) { RewardStyle = style }, spec);
        Assert.Equal(text, spec.ToString());
    }

    [Theory]
    [InlineData("vllm-pooling:http://x", "must be vllm-pooling:URL#NAME[@STYLE]")]
    [InlineData("vllm-pooling:ftp://x#m", "'ftp://x' is not an http(s) URL")]
    [InlineData("vllm-pooling:http://x#m@prm", "'@prm' after the model name must be a reward model style: qwen-prm, math-shepherd, orm")]
    [InlineData("vllm-pooling:http://x#@orm", "lacks a model name before '@'")]
    public void Spec_VllmPooling_Invalid_SaysWhatWasExpected(string text, string expected)
    {
        Assert.False(ModelSpec.TryParse(text, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task VllmPoolingAsPolicy_IsAUsageErrorPointingToValueModel()
    {
        using var temp = new TempDirectory();

        var run = await CliRun.InvokeAsync("eval", "--suite", "gsm8k-test-mini", "--model", "vllm-pooling:http://127.0.0.1:9#prm",
            "--data-dir", TestPaths.ShippedSuites, "-o", temp.Combine("run"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("vllm-pooling serves reward models; give it as --value-model", run.Error);
    }
}
