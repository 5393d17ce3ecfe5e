using System.Text.Json;
using Mario.Models;
using Mario.Models.Clients;
using Mario.Models.Scripted;
using Mario.Testing.Http;

namespace Mario.Tool.Tests.Clients;

/// <summary>The HTTP policy against a real loopback server speaking each server's dialect.</summary>
public sealed class OpenAiClientTests
{
    private static readonly IReadOnlyList<string> Stops = ["\n\n", "</code>"];

    internal static ScriptedLanguageModel Script() => new ScriptedLanguageModel()
        .On("Q: two plus two?", new ScriptedSample(" 2 + 2 = 4 </code> tail", LogProb: -0.25), new ScriptedSample(" four", LogProb: -0.5), new ScriptedSample(" 4\n\nmore", LogProb: -1.0))
        .On("Q: long?", new ScriptedSample(string.Join(' ', Enumerable.Repeat("word", 50))));

    internal static OpenAiClientOptions Options(params string[] urls) => new()
    {
        Endpoints = urls.Select(u => new Uri(u)).ToList(),
        Model = "test-model",
        RetryBaseDelay = TimeSpan.FromMilliseconds(5),
        AttemptTimeout = TimeSpan.FromSeconds(5),
    };

    internal static GenerationRequest Request(string prompt, int count = 1, float temperature = 0f, ulong seed = 7) =>
        new(prompt, new SamplingOptions(temperature, 0.9f, 20, 64, seed, 0.05f), Stops, count);

    [Fact]
    public async Task Generate_SendsEverySamplingFieldExplicitly()
    {
        await using var server = await LoopbackModelServer.StartAsync(Script());
        using var client = await OpenAiCompatibleClient.ConnectAsync(Options(server.Url));

        await client.GenerateAsync([Request("Q: two plus two?", count: 3, temperature: 0.7f, seed: 11)], default);

        var body = Assert.Single(server.Bodies);
        Assert.Equal("test-model", body.GetProperty("model").GetString());
        Assert.Equal("Q: two plus two?", body.GetProperty("prompt").GetString());
        Assert.Equal(3, body.GetProperty("n").GetInt32());
        Assert.Equal(64, body.GetProperty("max_tokens").GetInt32());
        Assert.Equal(0.7, body.GetProperty("temperature").GetDouble(), 5);
        Assert.Equal(0.9, body.GetProperty("top_p").GetDouble(), 5);
        Assert.Equal(20, body.GetProperty("top_k").GetInt32());
        Assert.Equal(0.05, body.GetProperty("min_p").GetDouble(), 5);
        Assert.Equal(OpenAiWire.WireSeed(11, 0), body.GetProperty("seed").GetInt64());
        Assert.Equal(Stops, body.GetProperty("stop").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(1, body.GetProperty("logprobs").GetInt32());
        Assert.False(body.GetProperty("stream").GetBoolean());
        // vLLM's extras, since the probe found vLLM.
        Assert.False(body.GetProperty("include_stop_str_in_output").GetBoolean());
        Assert.True(body.GetProperty("skip_special_tokens").GetBoolean());
        var sent = Assert.Single(client.Info.Sampling);
        Assert.Equal(new SentSampling(0.7f, 0.9f, 20, 0.05f, 64, "\n\n|</code>", 1, OpenAiRoute.Completions), sent);
    }

    [Theory]
    [InlineData(LoopbackServerStyle.Vllm)] // stop_reason, token_logprobs
    [InlineData(LoopbackServerStyle.Sglang)] // matched_stop
    [InlineData(LoopbackServerStyle.LlamaCpp)] // stopping_word, logprobs.content[]
    public async Task Generate_EachDialect_ReadsFiredStopAndLogProbs(LoopbackServerStyle style)
    {
        await using var server = await LoopbackModelServer.StartAsync(Script(), new LoopbackServerOptions { Style = style });
        using var client = await OpenAiCompatibleClient.ConnectAsync(Options(server.Url));

        var result = (await client.GenerateAsync([Request("Q: two plus two?", count: 3, temperature: 1f)], default))[0];

        Assert.Equal(3, result.Count);
        Assert.Equal([" 2 + 2 = 4 ", " four", " 4"], result.Select(c => c.Text));
        Assert.Equal(["</code>", null, "\n\n"], result.Select(c => c.StopSequence));
        Assert.All(result, c => Assert.Equal(FinishReason.Stop, c.Finish));
        Assert.Equal([-0.25, -0.5, -1.0], result.Select(c => c.MeanLogProb!.Value));
        // The scripted model counts whitespace-separated pieces; each choice's count comes from its logprobs.
        Assert.Equal([5, 1, 1], result.Select(c => c.CompletionTokens));
        var probe = Assert.Single(client.Probes);
        Assert.Equal(style switch { LoopbackServerStyle.Vllm => ServerFlavor.Vllm, LoopbackServerStyle.Sglang => ServerFlavor.Sglang, _ => ServerFlavor.LlamaCpp }, probe.Flavor);
        Assert.Equal(4096, probe.ContextLength);
        Assert.Equal("0.11.0", probe.Version);
    }

    [Fact]
    public async Task Generate_LengthFinish_HasNoStopSequence()
    {
        await using var server = await LoopbackModelServer.StartAsync(Script());
        using var client = await OpenAiCompatibleClient.ConnectAsync(Options(server.Url));

        var result = (await client.GenerateAsync([new GenerationRequest("Q: long?", new SamplingOptions(0f, 1f, 0, 5), Stops)], default))[0];

        var only = Assert.Single(result);
        Assert.Equal(FinishReason.Length, only.Finish);
        Assert.Null(only.StopSequence);
        Assert.Equal(5, only.CompletionTokens);
        Assert.Equal(-1, server.Bodies[0].GetProperty("top_k").GetInt32());
    }

    [Fact]
    public async Task Generate_ServerIgnoringN_AsksForTheRestOneByOne()
    {
        await using var server = await LoopbackModelServer.StartAsync(Script(), new LoopbackServerOptions { HonoursN = false, Style = LoopbackServerStyle.LlamaCpp });
        using var client = await OpenAiCompatibleClient.ConnectAsync(Options(server.Url));

        var first = (await client.GenerateAsync([Request("Q: two plus two?", count: 4, temperature: 1f)], default))[0];
        var second = (await client.GenerateAsync([Request("Q: two plus two?", count: 4, temperature: 1f)], default))[0];

        Assert.Equal(4, first.Count);
        Assert.Equal(4, second.Count);
        // First call: one request with n=4 (answered with 1), then 3 single ones; once known, 4 single requests.
        Assert.Equal(4 + 4, server.GenerationCalls);
        Assert.Equal([4, 1, 1, 1], server.Bodies.Take(4).Select(b => b.GetProperty("n").GetInt32()));
        Assert.All(server.Bodies.Skip(4), b => Assert.Equal(1, b.GetProperty("n").GetInt32()));
        // Sample j always gets the same seed, so both calls sent the same seeds.
        Assert.Equal(server.Bodies.Take(4).Select(b => b.GetProperty("seed").GetInt64()).Order(), server.Bodies.Skip(4).Select(b => b.GetProperty("seed").GetInt64()).Order());
        Assert.Equal(1, client.Info.ShortChoices);
    }

    [Fact]
    public async Task Connect_WrongModelName_SaysWhatIsServed()
    {
        await using var server = await LoopbackModelServer.StartAsync(Script(), new LoopbackServerOptions { ModelName = "qwen-7b" });

        var error = await Assert.ThrowsAsync<ModelServerException>(() => OpenAiCompatibleClient.ConnectAsync(Options(server.Url)));

        Assert.Equal($"{server.Url} serves qwen-7b, not 'test-model'; name a served model after '#', e.g. openai:{server.Url}#qwen-7b", error.Message);
    }

    [Fact]
    public async Task Connect_NothingListening_IsUnreachableNamingTheUrl()
    {
        var port = FreePort();

        var error = await Assert.ThrowsAsync<BackendUnreachableException>(() => OpenAiCompatibleClient.ConnectAsync(Options($"http://127.0.0.1:{port}")));

        Assert.Equal($"http://127.0.0.1:{port}", error.Backend);
        Assert.Contains($"http://127.0.0.1:{port}/v1/models", error.Message);
        Assert.Contains("ConnectionRefused", error.Message);
    }

    [Fact]
    public async Task ApiKey_ComesFromTheNamedVariable_AndIsInNoMessageOrRecord()
    {
        const string secret = "sk-test-0123456789abcdef";
        var variable = "MARIO_TEST_KEY_" + Guid.NewGuid().ToString("N")[..8];
        await using var server = await LoopbackModelServer.StartAsync(Script(), new LoopbackServerOptions { ApiKey = secret });
        var messages = new List<string>();
        try
        {
            // Without the key: one line naming the option, not a key.
            var refused = await Assert.ThrowsAsync<ModelServerException>(() => OpenAiCompatibleClient.ConnectAsync(Options(server.Url)));
            messages.Add(refused.Message);
            Assert.Contains("--api-key-env", refused.Message);
            var unset = await Assert.ThrowsAsync<ArgumentException>(() => OpenAiCompatibleClient.ConnectAsync(Options(server.Url) with { ApiKeyVariable = variable }));
            messages.Add(unset.Message);
            Assert.Contains($"{variable} is not set", unset.Message);

            Environment.SetEnvironmentVariable(variable, secret);
            using var client = await OpenAiCompatibleClient.ConnectAsync(Options(server.Url) with { ApiKeyVariable = variable });
            var result = await client.GenerateAsync([Request("Q: two plus two?")], default);
            Assert.Equal(" 2 + 2 = 4 ", result[0][0].Text);

            // A wrong key: refused, and the message says so without either key.
            Environment.SetEnvironmentVariable(variable, "sk-wrong");
            var wrong = await Assert.ThrowsAsync<ModelServerException>(() => OpenAiCompatibleClient.ConnectAsync(Options(server.Url) with { ApiKeyVariable = variable }));
            messages.Add(wrong.Message);
            messages.Add(client.Id);
            messages.Add(JsonSerializer.Serialize(client.Info));
            messages.Add((Options(server.Url) with { ApiKeyVariable = variable }).ToString());
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }

        Assert.All(messages, m => Assert.DoesNotContain(secret, m, StringComparison.Ordinal));
        Assert.All(messages, m => Assert.DoesNotContain("sk-wrong", m, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Generate_TwoEndpoints_SpreadsRequestsOverBoth()
    {
        var script = Script();
        await using var a = await LoopbackModelServer.StartAsync(script, new LoopbackServerOptions { Latency = _ => TimeSpan.FromMilliseconds(300) });
        await using var b = await LoopbackModelServer.StartAsync(script, new LoopbackServerOptions { Latency = _ => TimeSpan.FromMilliseconds(300) });
        using var client = await OpenAiCompatibleClient.ConnectAsync(Options(a.Url, b.Url));

        var results = await client.GenerateAsync(Enumerable.Range(0, 16).Select(i => Request("Q: two plus two?", seed: (ulong)i)).ToList(), default);

        Assert.Equal(16, results.Count);
        Assert.Equal(16, a.GenerationCalls + b.GenerationCalls);
        // Least-loaded first: with 16 sent at once each replica gets about half (exactly half unless one answered
        // while the rest were still being sent, on a slow machine).
        Assert.InRange(a.GenerationCalls, 6, 10);
        Assert.InRange(b.GenerationCalls, 6, 10);
        Assert.Equal(2, client.Probes.Count);
    }

    [Fact]
    public async Task Chat_Route_SendsMessagesAndReadsContent()
    {
        await using var server = await LoopbackModelServer.StartAsync(Script());
        using var client = await OpenAiCompatibleClient.ConnectAsync(Options(server.Url) with { Route = OpenAiRoute.Chat });

        var result = (await client.GenerateAsync([Request("Q: two plus two?", count: 2, temperature: 1f)], default))[0];

        Assert.Equal([" 2 + 2 = 4 ", " four"], result.Select(c => c.Text));
        Assert.Equal([-0.25, -0.5], result.Select(c => c.MeanLogProb!.Value));
        var body = Assert.Single(server.Bodies);
        Assert.Equal("Q: two plus two?", body.GetProperty("messages")[0].GetProperty("content").GetString());
        Assert.True(body.GetProperty("logprobs").GetBoolean());
        Assert.False(body.TryGetProperty("prompt", out _));
    }

    internal static int FreePort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
