using System.Text.Json.Nodes;

namespace Mario.Tool.Tests.Support;

/// <summary>
/// Handlers for <see cref="LoopbackPoolingServer"/> that answer like vLLM serving a reward model: they read each input
/// the way the model would (split at its separators or tags) and score each step from a table, so a test checks the
/// client's templating as well as its reading. A step missing from the table is a 500 naming it.
/// </summary>
internal static class VllmRewardEmulation
{
    private const string AssistantStart = "<|im_start|>assistant\n";

    /// <summary>Qwen2.5-Math-PRM: one [p_wrong, p_right] pair per &lt;extra_0&gt; in the assistant turn.</summary>
    public static Func<int, string, LoopbackPoolingServer.Reply> QwenPrm(IReadOnlyDictionary<string, double> pRight) => (_, body) =>
        Respond(body, input =>
        {
            var assistant = input[(input.IndexOf(AssistantStart, StringComparison.Ordinal) + AssistantStart.Length)..input.LastIndexOf("<|im_end|>", StringComparison.Ordinal)];
            var steps = assistant.Split("<extra_0>")[..^1];
            return steps.Select(s => pRight.TryGetValue(s, out var p) ? new JsonArray(1 - p, p) : null).ToList<JsonNode?>();
        });

    /// <summary>Math-Shepherd: one [good, bad] pair per "ки" tag (the first segment holds the question).</summary>
    public static Func<int, string, LoopbackPoolingServer.Reply> MathShepherd(IReadOnlyDictionary<string, double> pGood) => (_, body) =>
        Respond(body, input =>
        {
            var segments = input.Split(" ки")[..^1];
            return segments.Select((s, i) =>
            {
                var step = i == 0 ? s[(s.IndexOf("? ", StringComparison.Ordinal) + 2)..] : s.TrimStart('\n');
                return pGood.TryGetValue(step, out var p) ? new JsonArray(p, 1 - p) : null;
            }).ToList<JsonNode?>();
        });

    private static LoopbackPoolingServer.Reply Respond(string body, Func<string, List<JsonNode?>> score)
    {
        var request = JsonNode.Parse(body)!.AsObject();
        var data = new JsonArray();
        var index = 0;
        foreach (var input in request["input"]!.AsArray())
        {
            var pairs = score((string)input!);
            if (pairs.Any(p => p is null))
            {
                return new LoopbackPoolingServer.Reply(500, $"{{\"error\": \"input {index} holds a step the table does not score: {(string)input!}\"}}");
            }

            data.Add(new JsonObject { ["index"] = index++, ["object"] = "pooling", ["data"] = new JsonArray(pairs.ToArray()) });
        }

        return LoopbackPoolingServer.Reply.Json(new JsonObject
        {
            ["id"] = "pool-test",
            ["object"] = "list",
            ["created"] = 0,
            ["model"] = (string?)request["model"],
            ["data"] = data,
            ["usage"] = new JsonObject { ["prompt_tokens"] = 0, ["total_tokens"] = 0 },
        });
    }
}
