using System.Text.Json.Nodes;
using Mario.Models.Scripted;
using Mario.Testing.Http;
using Mario.Tool.Cli;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Clients;

/// <summary>
/// <c>eval</c> through the CLI entry point against a real loopback server that serves the scripted model over the
/// vLLM wire: the same answers as the in-process run, the model-call cache, failures recorded and redone by --resume.
/// </summary>
public sealed class EvalOverHttpTests
{
    private static readonly string ScriptPath = Path.Combine(TestPaths.TestData, "scripted-fast.json");

    private static async Task<LoopbackModelServer> ServeScriptAsync(LoopbackServerOptions? options = null)
    {
        var (file, error) = await ScriptedModelFile.ReadAsync(ScriptPath, default);
        Assert.True(file is not null, error);
        return await LoopbackModelServer.StartAsync(new ScriptedLanguageModel(file, TimeProvider.System), options);
    }

    private static string[] Eval(string model, string output, string strategy, params string[] more) =>
        ["eval", "--suite", "gsm8k-test-mini", "--step-format", "plain", "--model", model, "--strategy", strategy, "--limit", "6", "--seed", "7",
            "-o", output, "--data-dir", TestPaths.ShippedSuites, .. more];

    private static List<JsonObject> Samples(string run) =>
        File.ReadAllLines(Path.Combine(run, "samples.jsonl")).Select(l => JsonNode.Parse(l)!.AsObject()).ToList();

    [Theory]
    [InlineData("greedy")]
    [InlineData("maj@3")]
    public async Task Eval_OverHttp_GivesTheInProcessAnswers(string strategy)
    {
        using var temp = new TempDirectory();
        await using var server = await ServeScriptAsync();

        var local = await CliRun.InvokeAsync(Eval("scripted:" + ScriptPath, temp.Combine("local"), strategy));
        var http = await CliRun.InvokeAsync(Eval($"openai:{server.Url}#test-model", temp.Combine("http"), strategy, "--no-cache", "--top-k", "5", "--min-p", "0.05"));

        Assert.True(local.ExitCode == ExitCodes.Ok, local.Error);
        Assert.True(http.ExitCode == ExitCodes.Ok, http.Error);
        var expected = Samples(temp.Combine("local"));
        var actual = Samples(temp.Combine("http"));
        Assert.Equal(expected.Select(s => (string)s["id"]!), actual.Select(s => (string)s["id"]!));
        Assert.Equal(expected.Select(s => (string?)s["answer"]), actual.Select(s => (string?)s["answer"]));
        Assert.Equal(expected.Select(s => (string)s["completion"]!), actual.Select(s => (string)s["completion"]!));
        Assert.Equal(expected.Select(s => (bool)s["correct"]!), actual.Select(s => (bool)s["correct"]!));
        // One request per generation, n = the strategy's samples, every sampling field explicit.
        Assert.Equal(strategy == "greedy" ? 1 : 3, server.Bodies[0].GetProperty("n").GetInt32());
        Assert.All(server.Bodies, b => Assert.Equal(5, b.GetProperty("top_k").GetInt32()));
        var summary = JsonNode.Parse(File.ReadAllText(temp.Combine("http", "summary.json")))!;
        var recorded = summary["server"]!;
        Assert.Equal("test-model", (string)recorded["model"]!);
        Assert.Equal("vllm", (string)recorded["endpoints"]![0]!["flavor"]!);
        Assert.Equal(4096, (int)recorded["endpoints"]![0]!["contextLength"]!);
        Assert.Equal(0.05, (double)recorded["sampling"]![0]!["minP"]!, 5);
        Assert.Equal(server.GenerationCalls, (long)recorded["requests"]!);
        Assert.Null(JsonNode.Parse(File.ReadAllText(temp.Combine("local", "summary.json")))!["server"]);
    }

    [Theory]
    [InlineData(64, true)]
    [InlineData(4096, false)]
    public async Task Eval_PromptLongerThanTheServersContext_IsSaidBeforeTheRun(int contextLength, bool warned)
    {
        using var temp = new TempDirectory();
        await using var server = await ServeScriptAsync(new LoopbackServerOptions { ContextLength = contextLength });

        var run = await CliRun.InvokeAsync(Eval($"openai:{server.Url}#test-model", temp.Combine("run"), "greedy", "--no-cache"));

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var warning = run.ErrorLines.FirstOrDefault(l => l.Contains("context window", StringComparison.Ordinal));
        Assert.Equal(warned, warning is not null);
        if (warned)
        {
            Assert.StartsWith("warning: ", warning, StringComparison.Ordinal);
            Assert.Contains("context window of 64 tokens", warning, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Eval_ChatOnlyServer_IsSaidInOneLineBeforeTheRun_AndChatWorks()
    {
        using var temp = new TempDirectory();
        await using var server = await ServeScriptAsync(new LoopbackServerOptions { Completions = false });

        var completions = await CliRun.InvokeAsync(Eval($"openai:{server.Url}#test-model", temp.Combine("a"), "greedy", "--no-cache"));
        var chat = await CliRun.InvokeAsync(Eval($"openai:{server.Url}#test-model", temp.Combine("b"), "greedy", "--no-cache", "--chat"));

        Assert.Equal(ExitCodes.Usage, completions.ExitCode);
        var line = Assert.Single(completions.ErrorLines, l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains("has no POST /v1/completions (HTTP 404); add --chat", line, StringComparison.Ordinal);
        Assert.False(Directory.Exists(temp.Combine("a")));
        Assert.True(chat.ExitCode == ExitCodes.Ok, chat.Error);
    }

    [Fact]
    public async Task Eval_RepeatedGreedyRun_IsAnsweredFromTheCache()
    {
        using var temp = new TempDirectory();
        await using var server = await ServeScriptAsync();
        var cache = temp.Combine("cache");

        var first = await CliRun.InvokeAsync(Eval($"openai:{server.Url}#test-model", temp.Combine("a"), "greedy", "--cache", cache));
        var calls = server.GenerationCalls;
        var second = await CliRun.InvokeAsync(Eval($"openai:{server.Url}#test-model", temp.Combine("b"), "greedy", "--cache", cache));

        Assert.True(first.ExitCode == ExitCodes.Ok, first.Error);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.True(calls >= 6, $"the first run made {calls} calls");
        Assert.Equal(calls, server.GenerationCalls);
        Assert.Equal(Samples(temp.Combine("a")).Select(s => (string)s["completion"]!), Samples(temp.Combine("b")).Select(s => (string)s["completion"]!));
        var recorded = JsonNode.Parse(File.ReadAllText(temp.Combine("b", "summary.json")))!["server"]!;
        Assert.Equal(0, (long)recorded["requests"]!);
        Assert.Equal(calls, (long)recorded["cacheHits"]!);
        Assert.True(File.Exists(Path.Combine(cache, "model-calls.sqlite")));
    }

    [Fact]
    public async Task Eval_ProblemFailingThroughItsRetries_IsRecorded_AndResumeRedoesOnlyIt()
    {
        using var temp = new TempDirectory();
        await using var server = await ServeScriptAsync();
        await using var proxy = FaultProxy.Start(server.Url);
        var run = temp.Combine("run");
        // The probe (GET /v1/models, GET /version, the route check's empty POST) passes; the first generation request
        // fails twice: with one retry, its problem fails; the rest of the run goes on.
        proxy.Enqueue(ProxyFault.Pass, ProxyFault.Pass, ProxyFault.Pass, ProxyFault.WithStatus(503), ProxyFault.WithStatus(503));

        var first = await CliRun.InvokeAsync(Eval($"openai:{proxy.Url}#test-model", run, "greedy", "--no-cache", "--retries", "1", "--concurrency", "1"));

        Assert.True(first.ExitCode == ExitCodes.Ok, first.Error);
        var lines = Samples(run);
        Assert.Equal(6, lines.Count);
        var failed = Assert.Single(lines, l => l["error"] is not null);
        Assert.Equal("error", (string)failed["noAnswerReason"]!);
        Assert.Contains($"{proxy.Url}/v1/completions: HTTP 503", (string)failed["error"]!);
        Assert.Contains("(after 2 attempts)", (string)failed["error"]!);
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!;
        Assert.Equal(1, (int)summary["metrics"]!["errors"]!);
        Assert.Equal(1, (long)summary["server"]!["failures"]!);
        var calls = server.GenerationCalls;

        var resumed = await CliRun.InvokeAsync("eval", "--resume", run);

        Assert.True(resumed.ExitCode == ExitCodes.Ok, resumed.Error);
        Assert.Equal(calls + 1, server.GenerationCalls);
        var after = Samples(run);
        Assert.Equal(lines.Select(l => (string)l["id"]!), after.Select(l => (string)l["id"]!));
        Assert.All(after, l => Assert.Null(l["error"]));
        Assert.Equal((string)failed["id"]!, (string)Assert.Single(after, l => (string)l["id"]! == (string)failed["id"]!)["id"]!);
        Assert.Equal(0, (int)JsonNode.Parse(File.ReadAllText(Path.Combine(run, "summary.json")))!["metrics"]!["errors"]!);
    }

    [Fact]
    public async Task Eval_UnreachableServer_ExitsThreeNamingTheUrl()
    {
        using var temp = new TempDirectory();
        var url = $"http://127.0.0.1:{OpenAiClientTests.FreePort()}";

        var run = await CliRun.InvokeAsync(Eval($"openai:{url}#m", temp.Combine("run"), "greedy", "--no-cache"));

        Assert.Equal(ExitCodes.BackendUnreachable, run.ExitCode);
        var line = Assert.Single(run.ErrorLines, l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.Contains($"{url}/v1/models", line);
    }

    [Fact]
    public async Task Eval_WrongServedName_IsOneUsageLine()
    {
        using var temp = new TempDirectory();
        await using var server = await ServeScriptAsync();

        var run = await CliRun.InvokeAsync(Eval($"openai:{server.Url}#other", temp.Combine("run"), "greedy", "--no-cache"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal($"error: --model openai:{server.Url}#other: {server.Url} serves test-model, not 'other'; name a served model after '#', e.g. openai:{server.Url}#test-model", Assert.Single(run.ErrorLines, l => l.StartsWith("error:", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Eval_ApiKey_IsSentButInNoRunFile()
    {
        const string secret = "sk-eval-secret-42";
        var variable = "MARIO_EVAL_KEY_" + Guid.NewGuid().ToString("N")[..8];
        using var temp = new TempDirectory();
        await using var server = await ServeScriptAsync(new LoopbackServerOptions { ApiKey = secret });
        Environment.SetEnvironmentVariable(variable, secret);
        try
        {
            var run = await CliRun.InvokeAsync(Eval($"openai:{server.Url}#test-model", temp.Combine("run"), "greedy", "--no-cache", "--api-key-env", variable));

            Assert.Equal(ExitCodes.Ok, run.ExitCode);
            Assert.True(server.GenerationCalls >= 6);
            Assert.DoesNotContain(secret, run.Output + run.Error, StringComparison.Ordinal);
            foreach (var file in Directory.GetFiles(temp.Combine("run")))
            {
                Assert.DoesNotContain(secret, File.ReadAllText(file), StringComparison.Ordinal);
            }

            Assert.Contains(variable, File.ReadAllText(temp.Combine("run", "run.json")));
        }
        finally
        {
            Environment.SetEnvironmentVariable(variable, null);
        }
    }

    [Fact]
    public async Task Eval_MinPWithTheLocalEngine_IsRefused()
    {
        using var temp = new TempDirectory();

        var run = await CliRun.InvokeAsync(Eval("scripted:" + ScriptPath, temp.Combine("run"), "greedy", "--min-p", "0.1"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("error: --min-p applies to a model server (--model openai:URL#NAME)", run.Error);
    }
}
