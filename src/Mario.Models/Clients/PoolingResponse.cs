using System.Text.Json;

namespace Mario.Models.Clients;

/// <summary>
/// Reads a vLLM <c>POST /pooling</c> response (<c>{"data": [{"index": i, "data": ...}, ...]}</c>) into values in
/// [-1, 1], trusting nothing: every input must come back exactly once, with exactly the scores it was owed, each a
/// finite number. Mapping (one owner, stated once):
/// <list type="bullet">
/// <item>PRM styles: each step's entry is a pair; when both are in [0, 1] and sum to 1 (within 1e-3) they are
/// probabilities, otherwise logits and softmaxed. The probability p that the step is right (Qwen: the second element,
/// p_right; Math-Shepherd: the first, "+") becomes the value <c>2p - 1</c>, so bon's prod aggregation, which maps a
/// value v back to (v + 1) / 2, multiplies the step probabilities exactly.</item>
/// <item>Outcome style: the entry for the input is a number, a one-number list, or a list of per-token entries of
/// which the last is read. One number is a raw reward r, mapped to <c>2σ(r) - 1 = tanh(r / 2)</c> (the
/// Bradley-Terry probability of being right, rescaled); a pair is read as a PRM pair (second element).</item>
/// </list>
/// </summary>
public static class PoolingResponse
{
    private const double ProbabilityTolerance = 1e-3;

    /// <summary>
    /// Parses <paramref name="body"/>; returns one array of values per input (in request order), or an error naming the
    /// input index and what was expected.
    /// </summary>
    /// <param name="body">The response body.</param>
    /// <param name="style">The reward-model family (picks the mapping above).</param>
    /// <param name="expectedScores">Scores owed to each input, in request order.</param>
    public static (double[][]? Values, string? Error) Read(string body, RewardModelStyle style, IReadOnlyList<int> expectedScores)
    {
        ArgumentNullException.ThrowIfNull(body);
        ArgumentNullException.ThrowIfNull(expectedScores);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            return (null, $"the response is not valid JSON ({ex.Message.Split(" Path:")[0].TrimEnd('.')}; body starts \"{Head(body)}\")");
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                return (null, $"expected an object with a \"data\" array, got \"{Head(body)}\"");
            }

            if (data.GetArrayLength() != expectedScores.Count)
            {
                return (null, $"data has {data.GetArrayLength()} entries for {expectedScores.Count} inputs");
            }

            var values = new double[expectedScores.Count][];
            var position = 0;
            foreach (var item in data.EnumerateArray())
            {
                var index = position++;
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("data", out var scores))
                {
                    return (null, $"data[{index}]: expected an object with \"data\"");
                }

                if (item.TryGetProperty("index", out var indexElement))
                {
                    if (indexElement.ValueKind != JsonValueKind.Number || !indexElement.TryGetInt32(out index) || index < 0 || index >= values.Length)
                    {
                        return (null, $"data[{position - 1}].index: expected an integer in [0, {values.Length - 1}], got {indexElement.GetRawText()}");
                    }
                }

                if (values[index] is not null)
                {
                    return (null, $"data[{position - 1}].index: input {index} answered twice");
                }

                var (read, error) = style == RewardModelStyle.Outcome
                    ? ReadOutcome(scores)
                    : ReadSteps(scores, style, expectedScores[index]);
                if (read is null)
                {
                    return (null, $"input {index}: {error}");
                }

                values[index] = read;
            }

            return (values, null);
        }
    }

    private static (double[]? Values, string? Error) ReadSteps(JsonElement scores, RewardModelStyle style, int expected)
    {
        if (scores.ValueKind != JsonValueKind.Array)
        {
            return (null, $"expected a list of {expected} step score pairs, got {Kind(scores)}");
        }

        var separator = style == RewardModelStyle.QwenPrm ? RewardModelInput.QwenStepSeparator : RewardModelInput.ShepherdStepTag;
        if (scores.GetArrayLength() != expected)
        {
            return (null, $"expected {expected} step scores (one per {separator}), got {scores.GetArrayLength()}"
                + (scores.GetArrayLength() < expected ? " (a server that truncates a long input drops its last steps)" : ""));
        }

        var values = new double[expected];
        var step = 0;
        foreach (var entry in scores.EnumerateArray())
        {
            var (p, error) = ReadPair(entry, style == RewardModelStyle.QwenPrm ? 1 : 0);
            if (p is null)
            {
                return (null, $"step {step}: {error}");
            }

            values[step++] = ToValue(p.Value);
        }

        return (values, null);
    }

    private static (double[]? Values, string? Error) ReadOutcome(JsonElement scores)
    {
        var entry = scores;
        // Per-token output (ALL pooling): the reward sits at the last token.
        while (entry.ValueKind == JsonValueKind.Array && entry.GetArrayLength() > 0 && entry[entry.GetArrayLength() - 1].ValueKind == JsonValueKind.Array)
        {
            entry = entry[entry.GetArrayLength() - 1];
        }

        if (entry.ValueKind == JsonValueKind.Array && entry.GetArrayLength() == 1)
        {
            entry = entry[0];
        }

        if (entry.ValueKind == JsonValueKind.Array && entry.GetArrayLength() == 2)
        {
            var (p, pairError) = ReadPair(entry, 1);
            return p is null ? (null, pairError) : ([ToValue(p.Value)], null);
        }

        var (reward, error) = ReadNumber(entry);
        return reward is null ? (null, $"expected one reward (a number, [r] or a per-token list), got {error}") : ([Math.Tanh(reward.Value / 2)], null);
    }

    /// <summary>The probability of the class at <paramref name="positive"/> from a probability or logit pair.</summary>
    private static (double? P, string? Error) ReadPair(JsonElement entry, int positive)
    {
        if (entry.ValueKind != JsonValueKind.Array || entry.GetArrayLength() != 2)
        {
            return (null, $"expected a pair of numbers, got {Kind(entry)}");
        }

        var (a, errorA) = ReadNumber(entry[0]);
        var (b, errorB) = ReadNumber(entry[1]);
        if (a is null || b is null)
        {
            return (null, $"expected a pair of numbers, got {errorA ?? errorB}");
        }

        double[] pair = [a.Value, b.Value];
        var probabilities = pair.All(x => x >= 0 && x <= 1) && Math.Abs(pair[0] + pair[1] - 1) <= ProbabilityTolerance;
        if (probabilities)
        {
            return (pair[positive], null);
        }

        // Logits: softmax of two is the logistic of their difference (stable for any finite pair).
        var difference = pair[positive] - pair[1 - positive];
        return (1 / (1 + Math.Exp(-difference)), null);
    }

    private static (double? Value, string? Error) ReadNumber(JsonElement element)
    {
        if (element.ValueKind != JsonValueKind.Number)
        {
            return (null, Kind(element));
        }

        return element.TryGetDouble(out var value) && double.IsFinite(value) ? (value, null) : (null, $"the non-finite number {element.GetRawText()}");
    }

    private static double ToValue(double p) => Math.Clamp(2 * p - 1, -1, 1);

    private static string Kind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => $"a list of {element.GetArrayLength()}",
        JsonValueKind.String => $"the string {Truncate(element.GetRawText())}",
        JsonValueKind.Null => "null",
        JsonValueKind.Object => "an object",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => Truncate(element.GetRawText()),
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "...";

    private static string Head(string body) => Truncate(body.ReplaceLineEndings(" "));
}
