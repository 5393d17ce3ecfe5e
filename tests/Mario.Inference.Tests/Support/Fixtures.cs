using System.Text.Json;

namespace Mario.Inference.Tests.Support;

/// <summary>Paths of the committed tiny checkpoints and their reference outputs (tools/fixtures/make_tiny_qwen2.py).</summary>
public static class Fixtures
{
    public static string Dir(string variant) => Path.Combine(AppContext.BaseDirectory, "Data", variant);

    public static Reference LoadReference(string variant)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Dir(variant), "reference.json")));
        var r = doc.RootElement;
        int[] Ints(JsonElement e) => e.EnumerateArray().Select(x => x.GetInt32()).ToArray();
        return new Reference(
            r.GetProperty("prompts").EnumerateArray().Select(Ints).ToArray(),
            r.GetProperty("last_logits").EnumerateArray().Select(a => a.EnumerateArray().Select(x => (float)x.GetDouble()).ToArray()).ToArray(),
            r.GetProperty("greedy_prompt_index").GetInt32(),
            Ints(r.GetProperty("greedy")),
            r.GetProperty("values").EnumerateArray().Select(x => x.GetDouble()).ToArray());
    }

    public sealed record Reference(int[][] Prompts, float[][] LastLogits, int GreedyPromptIndex, int[] Greedy, double[] Values);
}
