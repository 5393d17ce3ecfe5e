using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Mario.Models;
using Mario.Models.Clients;
using Mario.Models.Scripted;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Clients;

/// <summary>The vLLM pooling reward-model client against a real loopback HTTP server speaking vLLM's shape.</summary>
public sealed class PoolingValueModelTests
{
    private const string Question = "What is 2 + 3?";

    private static readonly Dictionary<string, double> Table = new(StringComparer.Ordinal)
    {
        ["First add."] = 0.9,
        ["2 + 3 = 5."] = 0.8,
        ["So \\boxed{5}."] = 0.7,
        ["Guess 6."] = 0.1,
    };

    private static ValueQuery Query(params string[] steps) => QueryFor(Question, steps);

    private static ValueQuery QueryFor(string question, string[] steps) =>
        new("prompt: " + question + " " + string.Join("|", steps), question, steps, "\n\n");

    private static string QwenInput(string question, params string[] steps) =>
        "<|im_start|>system\nPlease reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n"
        + $"<|im_start|>user\n{question}<|im_end|>\n<|im_start|>assistant\n{string.Concat(steps.Select(s => s + "<extra_0>"))}<|im_end|>\n";

    private static PoolingValueModel Client(LoopbackPoolingServer server, RewardModelStyle style, int maxInputs = 32, string suffix = "") =>
        new(new Uri(server.Url + suffix), "prm", style, maxInputs, TimeSpan.FromSeconds(20));

    [Fact]
    public async Task QwenPrm_JoinsStepsWithSeparator_SharesPrefixes_AndMapsTheLastStep()
    {
        await using var server = new LoopbackPoolingServer(VllmRewardEmulation.QwenPrm(Table));
        using var client = Client(server, RewardModelStyle.QwenPrm, suffix: "/v1");

        var values = await ((IValueModel)client).ScoreAsync(
            [Query("First add.", "2 + 3 = 5."), Query("First add."), Query("Guess 6."), Query(), Query("First add.", "2 + 3 = 5.")],
            CancellationToken.None);

        // One request, one input per distinct chain: the prefix [First add.] and the duplicate read the longer input.
        var request = Assert.Single(server.Requests);
        Assert.Equal("/pooling", request.Path);
        var expected = new JsonObject
        {
            ["model"] = "prm",
            ["input"] = new JsonArray(QwenInput(Question, "First add.", "2 + 3 = 5."), QwenInput(Question, "Guess 6.")),
            ["task"] = "token_classify",
        };
        Assert.Equal(expected.ToJsonString(), JsonNode.Parse(request.Body)!.ToJsonString());
        // Value = 2 p_right - 1 of the query's own last step; the root (no steps) is 0 without a request.
        Assert.Equal(new[] { 2 * 0.8 - 1, 2 * 0.9 - 1, 2 * 0.1 - 1, 0, 2 * 0.8 - 1 }, values.ToArray(), new Tolerance(1e-12));
    }

    [Fact]
    public async Task QwenPrm_SeparatorInsideAStep_IsRemovedSoEachStepGetsOneScore()
    {
        await using var server = new LoopbackPoolingServer(VllmRewardEmulation.QwenPrm(Table));
        using var client = Client(server, RewardModelStyle.QwenPrm);

        var values = await ((IValueModel)client).ScoreAsync([Query("First<extra_0> add. ", "2 + 3 = 5.")], CancellationToken.None);

        Assert.Equal((string?)server.Bodies[0]["input"]![0], QwenInput(Question, "First add.", "2 + 3 = 5."));
        Assert.Equal(2 * 0.8 - 1, Assert.Single(values), 12);
    }

    [Fact]
    public async Task MathShepherd_TagsEachStep_AndReadsTheGoodToken()
    {
        await using var server = new LoopbackPoolingServer(VllmRewardEmulation.MathShepherd(Table));
        using var client = Client(server, RewardModelStyle.MathShepherd);

        var values = await ((IValueModel)client).ScoreAsync([Query("First add.", "2 + 3 = 5.", "So \\boxed{5}."), Query("First add.", "2 + 3 = 5.")], CancellationToken.None);

        var body = Assert.Single(server.Bodies);
        Assert.Equal("What is 2 + 3? First add. ки\n2 + 3 = 5. ки\nSo \\boxed{5}. ки", (string?)Assert.Single(body["input"]!.AsArray()));
        Assert.Equal("token_classify", (string?)body["task"]);
        Assert.Equal(new[] { 2 * 0.7 - 1, 2 * 0.8 - 1 }, values.ToArray(), new Tolerance(1e-12));
    }

    [Fact]
    public async Task Outcome_OneInputPerSolution_NoPrefixSharing_RewardMappedByTanhHalf()
    {
        var rewards = new[] { 2.0, -1.0 };
        await using var server = new LoopbackPoolingServer((_, body) =>
        {
            var inputs = JsonNode.Parse(body)!["input"]!.AsArray();
            // Per-token output (ALL pooling) for input 0, a bare number for input 1: both read at the last token.
            return LoopbackPoolingServer.Reply.Json(new JsonObject
            {
                ["data"] = new JsonArray(
                    new JsonObject { ["index"] = 1, ["data"] = rewards[1] },
                    new JsonObject { ["index"] = 0, ["data"] = new JsonArray(new JsonArray(0.5), new JsonArray(rewards[0])) }),
            });
        });
        using var client = Client(server, RewardModelStyle.Outcome);

        var values = await ((IValueModel)client).ScoreAsync([Query("First add.", "2 + 3 = 5."), Query("First add.")], CancellationToken.None);

        var body = Assert.Single(server.Bodies);
        Assert.Null(body["task"]);
        Assert.Equal(
            new[]
            {
                "<|im_start|>system\nPlease reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n<|im_start|>user\nWhat is 2 + 3?<|im_end|>\n<|im_start|>assistant\nFirst add.\n\n2 + 3 = 5.<|im_end|>\n",
                "<|im_start|>system\nPlease reason step by step, and put your final answer within \\boxed{}.<|im_end|>\n<|im_start|>user\nWhat is 2 + 3?<|im_end|>\n<|im_start|>assistant\nFirst add.<|im_end|>\n",
            },
            body["input"]!.AsArray().Select(n => (string)n!).ToArray());
        Assert.Equal(new[] { Math.Tanh(1.0), Math.Tanh(-0.5) }, values.ToArray(), new Tolerance(1e-12));
    }

    [Theory]
    [InlineData(RewardModelStyle.QwenPrm, "[0.25, 0.75]", 0.5)] // probabilities [p_wrong, p_right]: 2 * 0.75 - 1
    [InlineData(RewardModelStyle.QwenPrm, "[0.0, 1.0]", 1.0)]
    [InlineData(RewardModelStyle.QwenPrm, "[1.0, 1.0]", 0.0)] // not a distribution: logits, softmax gives 0.5
    [InlineData(RewardModelStyle.QwenPrm, "[0.0, 2.0]", 0.7615941559557649)] // logits: 2 sigmoid(2) - 1 = tanh(1)
    [InlineData(RewardModelStyle.MathShepherd, "[0.75, 0.25]", 0.5)] // [good, bad]: the first is "+"
    [InlineData(RewardModelStyle.MathShepherd, "[3.0, 1.0]", 0.7615941559557649)]
    [InlineData(RewardModelStyle.Outcome, "[4.0]", 0.9640275800758169)] // tanh(4 / 2)
    [InlineData(RewardModelStyle.Outcome, "[[0.1], [-4.0]]", -0.9640275800758169)]
    [InlineData(RewardModelStyle.Outcome, "[0.2, 0.8]", 0.6)] // a two-label classifier: second is "right"
    public async Task Mapping_ScoreBecomesValueInMinusOneToOne(RewardModelStyle style, string entry, double expected)
    {
        var stepEntry = style == RewardModelStyle.Outcome ? entry : $"[{entry}]";
        await using var server = new LoopbackPoolingServer((_, _) => new(200, $"{{\"data\": [{{\"index\": 0, \"data\": {stepEntry}}}]}}"));
        using var client = Client(server, style);

        var values = await ((IValueModel)client).ScoreAsync([Query("Guess 6.")], CancellationToken.None);

        Assert.Equal(expected, Assert.Single(values), 12);
    }

    [Fact]
    public async Task ManyInputs_AreSplitIntoRequestsOfAtMostMaxInputs_InOrder()
    {
        var steps = Enumerable.Range(0, 5).Select(i => $"Step {i}.").ToList();
        var table = steps.Select((s, i) => (s, 0.1 + 0.2 * i)).ToDictionary(x => x.s, x => x.Item2);
        await using var server = new LoopbackPoolingServer(VllmRewardEmulation.QwenPrm(table));
        using var client = Client(server, RewardModelStyle.QwenPrm, maxInputs: 2);

        var values = await ((IValueModel)client).ScoreAsync(steps.Select(s => Query(s)).ToList(), CancellationToken.None);

        Assert.Equal(new[] { 2, 2, 1 }, server.Bodies.Select(b => b["input"]!.AsArray().Count).ToArray());
        Assert.Equal(steps.Select(s => 2 * table[s] - 1).ToArray(), values.ToArray(), new Tolerance(1e-12));
        Assert.Equal(3, client.Requests);
    }

    public static TheoryData<int?, string, string> HostileReplies => new()
    {
        // Status and body (cut after N bytes when given), and what the error must say besides the URL and request.
        { null, "{\"data\": [{\"index\": 0, \"data\": [[0.1, 0.9]]}]}", "input 0: expected 2 step scores (one per <extra_0>), got 1 (a server that truncates a long input drops its last steps)" },
        { null, "{\"data\": [{\"index\": 0, \"data\": [[0.1, 0.9], [0.1, 0.9], [0.1, 0.9]]}]}", "input 0: expected 2 step scores (one per <extra_0>), got 3" },
        { null, "{\"data\": [{\"index\": 0, \"data\": [[0.1, 0.9], [0.1, NaN]]}]}", "the response is not valid JSON" },
        { null, "{\"data\": [{\"index\": 0, \"data\": [[0.1, 0.9], [0.1, \"NaN\"]]}]}", "input 0: step 1: expected a pair of numbers, got the string \"NaN\"" },
        { null, "{\"data\": [{\"index\": 0, \"data\": [[0.1, 0.9], [null, 0.5]]}]}", "input 0: step 1: expected a pair of numbers, got null" },
        { null, "{\"data\": [{\"index\": 0, \"data\": [[0.1, 0.9], [0.1, 1e999]]}]}", "input 0: step 1: expected a pair of numbers, got the non-finite number 1e999" },
        { null, "{\"data\": [{\"index\": 0, \"data\": [[0.1, 0.9], [0.5]]}]}", "input 0: step 1: expected a pair of numbers, got a list of 1" },
        { null, "{\"data\": [{\"index\": 0, \"data\": [[0.1, 0.9], [0.1, 0.9]]}, {\"index\": 1, \"data\": []}]}", "data has 2 entries for 1 inputs" },
        { null, "{\"data\": [{\"index\": 3, \"data\": [[0.1, 0.9], [0.1, 0.9]]}]}", "data[0].index: expected an integer in [0, 0], got 3" },
        { null, "{\"data\": [{\"index\": 0, \"data\": [[0.1, 0.9], [0.1, 0.9]", "the response is not valid JSON" },
        { null, "{\"object\": \"error\", \"message\": \"no\"}", "expected an object with a \"data\" array" },
        { null, "<html>Bad Gateway</html>", "the response is not valid JSON" },
        { 40, "{\"data\": [{\"index\": 0, \"data\": [[0.1, 0.9], [0.1, 0.9]]}]}", "the response could not be read" },
    };

    [Theory]
    [MemberData(nameof(HostileReplies))]
    public async Task HostileReply_IsAnErrorNamingTheUrlAndRequest(int? cutAfter, string reply, string expected)
    {
        await using var server = new LoopbackPoolingServer((_, _) => new(200, reply, cutAfter));
        using var client = Client(server, RewardModelStyle.QwenPrm);

        var error = await Assert.ThrowsAsync<RewardModelException>(async () =>
            await ((IValueModel)client).ScoreAsync([Query("First add.", "2 + 3 = 5.")], CancellationToken.None));

        Assert.StartsWith($"reward model at {server.Url}/pooling, request 1: ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task HttpErrorStatus_IsAnErrorQuotingTheBody_AndLaterRequestsAreNumbered()
    {
        await using var server = new LoopbackPoolingServer((n, body) => n == 0
            ? VllmRewardEmulation.QwenPrm(Table)(n, body)
            : new(500, "{\"message\": \"CUDA out of memory\"}"));
        using var client = Client(server, RewardModelStyle.QwenPrm);
        IValueModel model = client;

        await model.ScoreAsync([Query("First add.")], CancellationToken.None);
        var error = await Assert.ThrowsAsync<RewardModelException>(async () => await model.ScoreAsync([Query("Guess 6.")], CancellationToken.None));

        Assert.Equal($"reward model at {server.Url}/pooling, request 2: HTTP 500 InternalServerError: {{\"message\": \"CUDA out of memory\"}}", error.Message);
        Assert.Equal(2, error.Request);
    }

    [Fact]
    public async Task ClosedPort_IsUnreachableNamingTheUrl()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        using var client = new PoolingValueModel(new Uri($"http://127.0.0.1:{port}"), "prm", RewardModelStyle.QwenPrm);

        var error = await Assert.ThrowsAsync<BackendUnreachableException>(async () =>
            await ((IValueModel)client).ScoreAsync([Query("First add.")], CancellationToken.None));

        Assert.Equal($"http://127.0.0.1:{port}/pooling", error.Backend);
    }

    [Fact]
    public async Task PromptTexts_AreRefused_BecauseAPrmNeedsTheStepsApart()
    {
        using var client = new PoolingValueModel(new Uri("http://127.0.0.1:9"), "prm", RewardModelStyle.QwenPrm);

        await Assert.ThrowsAsync<NotSupportedException>(async () => await client.ScoreAsync(["Question: x\nAnswer: "], CancellationToken.None));
    }

    [Fact]
    public async Task ValueHeadModels_ScoreTheQueryPrompt_ThroughTheDefaultContract()
    {
        // The scripted value model only implements the text overload: the typed call must score each query's prompt.
        var file = new ScriptedValueFile("v", [new ScriptedValue(0.25, EndsWith: "First add."), new ScriptedValue(-0.5, EndsWith: "Guess 6.")]);
        IValueModel model = new ScriptedValueModel(file);

        var values = await model.ScoreAsync([Query("First add."), Query("Guess 6.")], CancellationToken.None);

        Assert.Equal(new[] { 0.25, -0.5 }, values.ToArray());
        Assert.Equal(new[] { "prompt: What is 2 + 3? First add.", "prompt: What is 2 + 3? Guess 6." }, ((ScriptedValueModel)model).Scored.ToArray());
    }

    private sealed class Tolerance(double epsilon) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= epsilon;

        public int GetHashCode(double obj) => 0;
    }
}
