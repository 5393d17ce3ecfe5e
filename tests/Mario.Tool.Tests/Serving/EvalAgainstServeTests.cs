using System.Text.Json.Nodes;
using Mario.Tool.Cli;
using Mario.Tool.Serving;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Serving;

/// <summary>
/// #23.7: <c>eval</c> over HTTP against <c>mario serve</c> (the embedded model behind the vLLM wire, real loopback
/// HTTP) gives the samples.jsonl of the in-process run with the same seed, for every strategy. Only the wall-clock
/// <c>elapsedMs</c> of each line may differ. Strategies that rank by a value model use the embedded value head in
/// process on both sides (the pooling route is compared with the head in ServeEndpointTests).
/// </summary>
public sealed class EvalAgainstServeTests
{
    public static TheoryData<string> Strategies() => new("greedy", "maj@3", "bon@3", "beam(2,2)", "mcts[iterations=3,samples=2]", "rstar-mcts[rollouts=2]");

    [Theory]
    [MemberData(nameof(Strategies))]
    public async Task Eval_OverHttpAgainstServe_WritesTheInProcessSamples(string strategy)
    {
        using var temp = new TempDirectory();
        var (options, error) = ServeOptions.TryCreate("tiny", null, "127.0.0.1", 0, null, batchWindowMs: 5, maxBatch: 64);
        Assert.Null(error);
        var (server, failure) = await MarioServer.StartAsync(options!, TextWriter.Null, CancellationToken.None);
        Assert.True(server is not null, failure);
        await using (server)
        {
            string[] Args(string model, string output) =>
                ["eval", "--suite", "synth-find-mini", "--model", model, "--value-model", "tiny", "--strategy", strategy, "--limit", "4",
                    "--seed", "11", "--max-tokens", "48", "-j", "4", "-o", output];

            var local = await CliRun.InvokeAsync(Args("tiny", temp.Combine("local")));
            var http = await CliRun.InvokeAsync([.. Args($"openai:{server!.Address.ToString().TrimEnd('/')}/v1#tiny", temp.Combine("http")), "--no-cache"]);

            Assert.True(local.ExitCode == ExitCodes.Ok, local.Error);
            Assert.True(http.ExitCode == ExitCodes.Ok, http.Error);
            Assert.Equal(Lines(temp.Combine("local")), Lines(temp.Combine("http")));
        }
    }

    /// <summary>The sample lines with the measured (wall-clock) field removed.</summary>
    private static List<string> Lines(string run) => File.ReadAllLines(Path.Combine(run, "samples.jsonl"))
        .Select(line =>
        {
            var node = JsonNode.Parse(line)!.AsObject();
            node["usage"]!.AsObject().Remove("elapsedMs");
            return node.ToJsonString();
        })
        .ToList();
}
