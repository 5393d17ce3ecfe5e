using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mario.Models;

namespace Mario.Tool.Tests.Serving;

/// <summary>mario serve over real HTTP on 127.0.0.1: every answer is compared with the in-process engine's.</summary>
public sealed class ServeEndpointTests(ServeFixture serve) : IClassFixture<ServeFixture>
{
    private const string Prompt = "Question: Tom has 3 apples and buys 4 more. How many apples does he have?\nAnswer:";

    public static TheoryData<double, double, int, int, ulong, string[], int> SamplingCases => new()
    {
        // temperature, top_p, top_k, n, seed, stop, max_tokens
        { 0.0, 1.0, 0, 1, 0UL, new[] { "\n" }, 24 },
        { 1.0, 1.0, 0, 4, 7UL, new[] { "\n\n", "." }, 20 },
        { 0.8, 0.9, 20, 3, 12345678901234567890UL, new[] { " " }, 16 },
        { 1.5, 1.0, 5, 2, 3UL, Array.Empty<string>(), 12 },
    };

    [Theory]
    [MemberData(nameof(SamplingCases))]
    public async Task Completion_Seeded_EqualsTheInProcessEngine(double temperature, double topP, int topK, int n, ulong seed, string[] stop, int maxTokens)
    {
        var body = new JsonObject
        {
            ["model"] = "tiny",
            ["prompt"] = Prompt,
            ["n"] = n,
            ["max_tokens"] = maxTokens,
            ["temperature"] = temperature,
            ["top_p"] = topP,
            ["top_k"] = topK,
            ["min_p"] = 0,
            ["seed"] = seed,
            ["stop"] = new JsonArray(stop.Select(s => (JsonNode)s).ToArray()),
            ["logprobs"] = 0,
            ["include_stop_str_in_output"] = false,
            ["skip_special_tokens"] = true,
        };
        var (status, answer) = await serve.PostAsync("/v1/completions", body.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        var expected = await serve.InProcessAsync(new GenerationRequest(Prompt, new SamplingOptions((float)temperature, (float)topP, topK, maxTokens, seed), stop, n));
        var choices = answer["choices"]!.AsArray();
        Assert.Equal(n, choices.Count);
        for (var j = 0; j < n; j++)
        {
            AssertChoice(expected[j], choices[j]!, j, includeStop: false);
        }

        Assert.Equal("text_completion", (string)answer["object"]!);
        Assert.Equal(expected[0].PromptTokens, (int)answer["usage"]!["prompt_tokens"]!);
        Assert.Equal(expected.Sum(c => c.CompletionTokens), (int)answer["usage"]!["completion_tokens"]!);
    }

    [Fact]
    public async Task Completion_StopThatFires_IsTheStopReason_AndStaysInTheTextWhenAsked()
    {
        const string body = """{"prompt": "Question: 2 + 2 = ?\nAnswer:", "max_tokens": 40, "temperature": 0, "stop": [" ", "\n"], "include_stop_str_in_output": true}""";
        var (status, answer) = await serve.PostAsync("/v1/completions", body);

        Assert.Equal(HttpStatusCode.OK, status);
        var expected = (await serve.InProcessAsync(new GenerationRequest("Question: 2 + 2 = ?\nAnswer:", SamplingOptions.Greedy(40), [" ", "\n"])))[0];
        Assert.NotNull(expected.StopSequence);
        var choice = answer["choices"]![0]!;
        Assert.Equal(expected.Text + expected.StopSequence, (string)choice["text"]!);
        Assert.Equal(expected.StopSequence, (string?)choice["stop_reason"]);
        Assert.Equal("stop", (string)choice["finish_reason"]!);
        Assert.Null(choice["logprobs"]);
    }

    [Fact]
    public async Task Completion_ListOfPrompts_GroupsChoicesPerPrompt()
    {
        string[] prompts = ["Question: 1 + 1 = ?\nAnswer:", "Question: 5 * 6 = ?\nAnswer:", "Let x = 3. Then 2x ="];
        var body = new JsonObject
        {
            ["prompt"] = new JsonArray(prompts.Select(p => (JsonNode)p).ToArray()),
            ["n"] = 2, ["max_tokens"] = 10, ["temperature"] = 1.0, ["seed"] = 99, ["logprobs"] = 1,
        };
        var (status, answer) = await serve.PostAsync("/v1/completions", body.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        var choices = answer["choices"]!.AsArray();
        Assert.Equal(6, choices.Count);
        var promptTokens = 0;
        for (var i = 0; i < prompts.Length; i++)
        {
            // Defaults the server fills in: top_p 1, top_k off, no stop strings.
            var expected = await serve.InProcessAsync(new GenerationRequest(prompts[i], new SamplingOptions(1f, 1f, 0, 10, 99), [], 2));
            promptTokens += expected[0].PromptTokens;
            for (var j = 0; j < 2; j++)
            {
                AssertChoice(expected[j], choices[i * 2 + j]!, i * 2 + j, includeStop: false);
            }
        }

        Assert.Equal(promptTokens, (int)answer["usage"]!["prompt_tokens"]!);
    }

    [Fact]
    public async Task PromptFillingTheWindow_IsALengthFinish_WithFewerTokensThanMaxTokens_AsTheEngineOverflows()
    {
        var prompt = string.Concat(Enumerable.Repeat("1 + ", 2000));
        var (status, answer) = await serve.PostAsync("/v1/completions", new JsonObject { ["prompt"] = prompt, ["max_tokens"] = 8, ["temperature"] = 0, ["logprobs"] = 0 }.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        var expected = (await serve.InProcessAsync(new GenerationRequest(prompt, SamplingOptions.Greedy(8), [])))[0];
        Assert.Equal(FinishReason.ContextOverflow, expected.Finish);
        var choice = answer["choices"]![0]!;
        Assert.Equal("length", (string)choice["finish_reason"]!);
        Assert.True((int)choice["completion_tokens"]! < 8);
        AssertChoice(expected, choice, 0, includeStop: false);
        var window = (int)(await serve.GetAsync("/v1/models")).Body["data"]![0]!["max_model_len"]!;
        Assert.True((int)choice["prompt_tokens"]! + (int)choice["completion_tokens"]! >= window);
    }

    [Fact]
    public async Task Seed_SentAsSigned64Bits_GivesTheSameSamplesAsUnsigned()
    {
        var unsigned = 18446744073709551615UL;
        var signed = unchecked((long)unsigned);
        var (_, a) = await serve.PostAsync("/v1/completions", $$"""{"prompt": "{{Escape(Prompt)}}", "n": 2, "max_tokens": 12, "temperature": 1, "seed": {{unsigned}}}""");
        var (_, b) = await serve.PostAsync("/v1/completions", $$"""{"prompt": "{{Escape(Prompt)}}", "n": 2, "max_tokens": 12, "temperature": 1, "seed": {{signed}}}""");
        var (_, c) = await serve.PostAsync("/v1/completions", $$"""{"prompt": "{{Escape(Prompt)}}", "n": 2, "max_tokens": 12, "temperature": 1, "seed": 1}""");

        Assert.Equal(Texts(a), Texts(b));
        Assert.NotEqual(Texts(a), Texts(c));
    }

    [Fact]
    public async Task Models_ListsThePolicy_WithItsContextWindow_AndVersionNamesMario()
    {
        var (status, models) = await serve.GetAsync("/v1/models");
        var (versionStatus, version) = await serve.GetAsync("/version");

        Assert.Equal(HttpStatusCode.OK, status);
        var card = Assert.Single(models["data"]!.AsArray())!;
        Assert.Equal("tiny", (string)card["id"]!);
        Assert.Equal(serve.Reference.LanguageModel.ContextLength, (int)card["max_model_len"]!);
        Assert.Equal("model", (string)card["object"]!);
        Assert.Equal(HttpStatusCode.OK, versionStatus);
        Assert.Equal("mario", (string)version["server"]!);
        Assert.False(string.IsNullOrEmpty((string)version["version"]!));
    }

    [Fact]
    public async Task Pooling_ScoresEqualTheInProcessValueModel()
    {
        string[] texts = ["Question: 1 + 1 = ?\nAnswer: 2", "Question: 1 + 1 = ?\nAnswer: 3", "x"];
        var body = new JsonObject { ["model"] = "tiny", ["input"] = new JsonArray(texts.Select(t => (JsonNode)t).ToArray()), ["task"] = "reward" };
        var (status, answer) = await serve.PostAsync("/pooling", body.ToJsonString());

        Assert.Equal(HttpStatusCode.OK, status);
        var expected = await serve.Reference.ValueModel!.ScoreAsync(texts, CancellationToken.None);
        var data = answer["data"]!.AsArray();
        Assert.Equal(texts.Length, data.Count);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(i, (int)data[i]!["index"]!);
            Assert.Equal(expected[i], (double)Assert.Single(data[i]!["data"]!.AsArray())!);
        }

        Assert.Equal(texts.Sum(t => serve.Reference.Tokenizer.Encode(t).Length), (int)answer["usage"]!["prompt_tokens"]!);
    }

    public static TheoryData<string, string, int, string?, string> HostileRequests => new()
    {
        // path, body, status, param, a word the message must hold
        { "/v1/completions", "{\"prompt\": \"x\", ", 400, null, "not a valid request" },
        { "/v1/completions", "[1, 2]", 400, null, "not a valid request" },
        { "/v1/completions", "null", 400, null, "JSON object" },
        { "/v1/completions", "", 400, null, "not a valid request" },
        { "/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": -5}", 400, "max_tokens", "-5" },
        { "/v1/completions", "{\"prompt\": \"x\", \"max_tokens\": 1.5}", 400, "max_tokens", "max_tokens" },
        { "/v1/completions", "{\"prompt\": \"x\", \"n\": 100000}", 400, "n", "100000" },
        { "/v1/completions", "{\"prompt\": \"x\", \"n\": 99999999999999999999}", 400, "n", "n" },
        { "/v1/completions", "{\"prompt\": [\"a\", \"b\", \"c\", \"d\", \"e\"], \"n\": 1000, \"max_tokens\": 1}", 400, "n", "5000" },
        { "/v1/completions", "{\"model\": \"gpt-4\", \"prompt\": \"x\"}", 404, "model", "gpt-4" },
        { "/v1/completions", "{\"max_tokens\": 4}", 400, "prompt", "required" },
        { "/v1/completions", "{\"prompt\": \"\"}", 400, "prompt", "empty" },
        { "/v1/completions", "{\"prompt\": [\"a\", \"\"]}", 400, "prompt[1]", "empty" },
        { "/v1/completions", "{\"prompt\": []}", 400, "prompt", "0 prompts" },
        { "/v1/completions", "{\"prompt\": [1, 2, 3]}", 400, "prompt", "token-id" },
        { "/v1/completions", "{\"prompt\": {\"a\": 1}}", 400, "prompt", "an object" },
        { "/v1/completions", "{\"prompt\": \"x\", \"temperature\": 3}", 400, "temperature", "3" },
        { "/v1/completions", "{\"prompt\": \"x\", \"temperature\": -0.1}", 400, "temperature", "-0.1" },
        { "/v1/completions", "{\"prompt\": \"x\", \"top_p\": 0}", 400, "top_p", "(0, 1]" },
        { "/v1/completions", "{\"prompt\": \"x\", \"top_p\": 1e-60}", 400, "top_p", "(0, 1]" },
        { "/v1/completions", "{\"prompt\": \"x\", \"top_k\": -2}", 400, "top_k", "-2" },
        { "/v1/completions", "{\"prompt\": \"x\", \"seed\": 1.5}", 400, "seed", "1.5" },
        { "/v1/completions", "{\"prompt\": \"x\", \"seed\": \"7\"}", 400, "seed", "integer" },
        { "/v1/completions", "{\"prompt\": \"x\", \"seed\": 18446744073709551616}", 400, "seed", "integer" },
        { "/v1/completions", "{\"prompt\": \"x\", \"stop\": 5}", 400, "stop", "a number" },
        { "/v1/completions", "{\"prompt\": \"x\", \"logprobs\": 50}", 400, "logprobs", "0 to 20" },
        { "/v1/completions", "{\"prompt\": \"x\", \"min_p\": 0.05}", 400, "min_p", "min-p" },
        { "/v1/completions", "{\"prompt\": \"x\", \"stream\": true}", 400, "stream", "false" },
        { "/v1/completions", "{\"prompt\": \"x\", \"echo\": true}", 400, "echo", "false" },
        { "/v1/completions", "{\"prompt\": \"x\", \"best_of\": 4}", 400, "best_of", "equal to n" },
        { "/v1/completions", "{\"prompt\": \"x\", \"stop_token_ids\": [3]}", 400, "stop_token_ids", "empty" },
        { "/v1/completions", "{\"prompt\": \"x\", \"frobnicate\": 1}", 400, "frobnicate", "frobnicate" },
        { "/pooling", "{\"input\": []}", 400, "input", "0 texts" },
        { "/pooling", "{\"model\": \"other\", \"input\": \"x\"}", 404, "model", "other" },
        { "/pooling", "{\"input\": \"x\", \"task\": \"generate\"}", 400, "task", "generate" },
        { "/pooling", "{\"input\": \"x\", \"messages\": []}", 400, "messages", "messages" },
        { "/v1/chat/completions", "{}", 404, null, "/v1/completions" },
    };

    [Theory]
    [MemberData(nameof(HostileRequests))]
    public async Task HostileRequest_IsAnErrorNamingTheField_AndTheServerGoesOn(string path, string body, int status, string? param, string word)
    {
        var (code, answer) = await serve.PostAsync(path, body);

        Assert.Equal(status, (int)code);
        var error = answer["error"]!;
        Assert.Equal(param, (string?)error["param"]);
        Assert.Equal(status, (int)error["code"]!);
        Assert.Contains(word, (string)error["message"]!);
        Assert.Equal(status == 404 ? "NotFoundError" : "BadRequestError", (string)error["type"]!);
        var (after, _) = await serve.PostAsync("/v1/completions", """{"prompt": "1 +", "max_tokens": 2, "temperature": 0}""");
        Assert.Equal(HttpStatusCode.OK, after);
    }

    [Fact]
    public async Task ConcurrentRequests_AreBatchedIntoFewerEngineCalls_AndEachEqualsItsInProcessAnswer()
    {
        const int clients = 16;
        var requestsBefore = serve.Server.CompletionRequests;
        var callsBefore = serve.Server.EngineCalls;
        var prompts = Enumerable.Range(0, clients).Select(i => $"Question: {i} + {i + 1} = ?\nAnswer:").ToArray();
        var answers = await Task.WhenAll(prompts.Select((p, i) => serve.PostAsync("/v1/completions",
            new JsonObject { ["prompt"] = p, ["n"] = 2, ["max_tokens"] = 12, ["temperature"] = 1.0, ["seed"] = i, ["stop"] = "\n" }.ToJsonString())));

        Assert.Equal(clients, serve.Server.CompletionRequests - requestsBefore);
        var calls = serve.Server.EngineCalls - callsBefore;
        Assert.InRange(calls, 1, clients - 1);
        for (var i = 0; i < clients; i++)
        {
            Assert.Equal(HttpStatusCode.OK, answers[i].Status);
            var expected = await serve.InProcessAsync(new GenerationRequest(prompts[i], new SamplingOptions(1f, 1f, 0, 12, (ulong)i), ["\n"], 2));
            Assert.Equal(expected.Select(c => c.Text), Texts(answers[i].Body));
        }
    }

    private static void AssertChoice(Completion expected, JsonNode choice, int index, bool includeStop)
    {
        Assert.Equal(index, (int)choice["index"]!);
        Assert.Equal(includeStop && expected.StopSequence is { } s ? expected.Text + s : expected.Text, (string)choice["text"]!);
        Assert.Equal(expected.Finish == FinishReason.Stop ? "stop" : "length", (string)choice["finish_reason"]!);
        Assert.Equal(expected.StopSequence, (string?)choice["stop_reason"]);
        Assert.Equal(expected.PromptTokens, (int)choice["prompt_tokens"]!);
        Assert.Equal(expected.CompletionTokens, (int)choice["completion_tokens"]!);
        var logprobs = choice["logprobs"]!["token_logprobs"]!.AsArray().Select(x => (double)x!).ToArray();
        Assert.Equal(expected.TokenLogProbs!, logprobs);
    }

    private static string[] Texts(JsonNode answer) => answer["choices"]!.AsArray().Select(c => (string)c!["text"]!).ToArray();

    private static string Escape(string text) => JsonEncodedText.Encode(text).ToString();
}
