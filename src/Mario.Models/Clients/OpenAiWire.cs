using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Mario.Models.Clients;

/// <summary>
/// The request bodies mario sends and the parsing of what servers answer, for vLLM, SGLang and llama.cpp
/// (../shared/design/WIRE_FORMATS.md). Every sampling field is written explicitly: servers fill missing ones from the
/// model's generation_config (vLLM, SGLang) or their own defaults (llama.cpp: top_k 40, top_p 0.95, min_p 0.05).
/// Responses are hostile input: every field is checked and a bad one is named.
/// </summary>
public static class OpenAiWire
{
    /// <summary>
    /// Writes a generation request body for <paramref name="request"/> asking for <paramref name="n"/> samples.
    /// </summary>
    /// <param name="model">Served model name.</param>
    /// <param name="request">Prompt, sampling and stops.</param>
    /// <param name="n">Samples asked for in this HTTP request, at least 1.</param>
    /// <param name="seed">The seed sent (already derived for this HTTP request).</param>
    /// <param name="route">Completions or chat.</param>
    /// <param name="flavor">The server, for its extra fields.</param>
    /// <param name="logprobs">Top alternatives per token to ask for.</param>
    /// <param name="skipSpecialTokens">skip_special_tokens for vLLM and SGLang.</param>
    /// <returns>UTF-8 JSON.</returns>
    public static byte[] WriteRequest(string model, GenerationRequest request, int n, long seed, OpenAiRoute route, ServerFlavor flavor, int logprobs, bool skipSpecialTokens)
    {
        ArgumentNullException.ThrowIfNull(request);
        var buffer = new ArrayBufferWriter<byte>(request.Prompt.Length + 512);
        using (var w = new Utf8JsonWriter(buffer))
        {
            var s = request.Sampling;
            w.WriteStartObject();
            w.WriteString("model", model);
            if (route == OpenAiRoute.Chat)
            {
                w.WriteStartArray("messages");
                w.WriteStartObject();
                w.WriteString("role", "user");
                w.WriteString("content", request.Prompt);
                w.WriteEndObject();
                w.WriteEndArray();
                w.WriteBoolean("logprobs", true);
                w.WriteNumber("top_logprobs", logprobs);
            }
            else
            {
                w.WriteString("prompt", request.Prompt);
                w.WriteNumber("logprobs", logprobs);
            }

            w.WriteNumber("n", n);
            w.WriteNumber("max_tokens", s.MaxTokens);
            w.WriteNumber("temperature", s.Temperature);
            w.WriteNumber("top_p", s.TopP);
            // -1 is "off" for vLLM and SGLang; llama.cpp treats any k <= 0 as off.
            w.WriteNumber("top_k", s.TopK > 0 ? s.TopK : -1);
            w.WriteNumber("min_p", s.MinP);
            w.WriteNumber("seed", seed);
            w.WriteStartArray("stop");
            foreach (var stop in request.Stop)
            {
                w.WriteStringValue(stop);
            }

            w.WriteEndArray();
            w.WriteBoolean("stream", false);
            switch (flavor)
            {
                case ServerFlavor.Vllm:
                    // mario's completions exclude the stop string; the searcher learns which fired from stop_reason.
                    w.WriteBoolean("include_stop_str_in_output", false);
                    w.WriteBoolean("skip_special_tokens", skipSpecialTokens);
                    break;
                case ServerFlavor.Sglang:
                    w.WriteBoolean("no_stop_trim", false);
                    w.WriteBoolean("skip_special_tokens", skipSpecialTokens);
                    break;
            }

            w.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>The seed sent for the <paramref name="part"/>-th HTTP request of one generation request (0 for the first).</summary>
    /// <remarks>Kept within 31 bits: llama.cpp reads the seed as a 32-bit unsigned value and -1 means random.</remarks>
    public static long WireSeed(ulong seed, int part)
    {
        var mixed = seed + (ulong)part * 0x9E3779B97F4A7C15UL;
        mixed ^= mixed >> 31;
        mixed *= 0xBF58476D1CE4E5B9UL;
        mixed ^= mixed >> 29;
        return (long)(mixed & 0x7FFFFFFF);
    }

    /// <summary>
    /// Parses a generation response into its completions (at most <paramref name="expected"/>, in choice index order).
    /// </summary>
    /// <param name="body">The response body.</param>
    /// <param name="url">Named in errors.</param>
    /// <param name="request">The request (its stops decide which fired).</param>
    /// <param name="expected">Choices asked for.</param>
    /// <param name="route">Completions or chat.</param>
    /// <exception cref="ModelServerException">Malformed JSON (transient: a truncated body) or a wrong shape (not transient).</exception>
    public static IReadOnlyList<Completion> ParseResponse(ReadOnlyMemory<byte> body, string url, GenerationRequest request, int expected, OpenAiRoute route)
    {
        ArgumentNullException.ThrowIfNull(request);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            throw new ModelServerException($"{url}: malformed or truncated JSON ({body.Length} bytes): {ex.Message.Split(" LineNumber", 2)[0]}", transient: true, innerException: ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("choices", out var choices) || choices.ValueKind != JsonValueKind.Array)
            {
                var detail = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var error) ? ": error " + Clip(error.ToString()) : "";
                throw new ModelServerException($"{url}: response has no 'choices' array{detail}", transient: false);
            }

            var count = choices.GetArrayLength();
            var promptTokens = 0;
            var completionTokens = -1;
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                promptTokens = Int(usage, "prompt_tokens", url) ?? 0;
                completionTokens = Int(usage, "completion_tokens", url) ?? -1;
            }

            var parsed = new List<(int Index, Completion Completion, bool Exact)>(count);
            var position = 0;
            foreach (var choice in choices.EnumerateArray())
            {
                parsed.Add(ParseChoice(choice, url, request, route, promptTokens, position++));
            }

            if (parsed.Select(p => p.Index).Distinct().Count() != parsed.Count)
            {
                throw new ModelServerException($"{url}: choices repeat an index", transient: false);
            }

            parsed.Sort((a, b) => a.Index.CompareTo(b.Index));
            // A choice whose token count the server did not give (neither token_ids nor logprobs) gets its share of
            // usage.completion_tokens.
            if (completionTokens >= 0 && parsed.Count > 0)
            {
                if (parsed.Count == 1)
                {
                    parsed[0] = parsed[0] with { Completion = parsed[0].Completion with { CompletionTokens = completionTokens } };
                }
                else if (parsed.Any(p => !p.Exact))
                {
                    var known = parsed.Where(p => p.Exact).Sum(p => p.Completion.CompletionTokens);
                    var unknown = parsed.Count(p => !p.Exact);
                    var share = Math.Max(0, completionTokens - known) / unknown;
                    parsed = parsed.Select(p => p.Exact ? p : p with { Completion = p.Completion with { CompletionTokens = share } }).ToList();
                }
            }

            return parsed.Take(expected).Select(p => p.Completion).ToList();
        }
    }

    private static (int Index, Completion Completion, bool Exact) ParseChoice(JsonElement choice, string url, GenerationRequest request, OpenAiRoute route, int promptTokens, int position)
    {
        if (choice.ValueKind != JsonValueKind.Object)
        {
            throw new ModelServerException($"{url}: choices[{position}] is not an object", transient: false);
        }

        var index = Int(choice, "index", url) ?? position;
        string? text;
        if (route == OpenAiRoute.Chat)
        {
            text = choice.TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object
                && message.TryGetProperty("content", out var content) && content.ValueKind is JsonValueKind.String or JsonValueKind.Null
                ? content.GetString() ?? ""
                : null;
        }
        else
        {
            text = choice.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        }

        if (text is null)
        {
            throw new ModelServerException($"{url}: choices[{position}].{(route == OpenAiRoute.Chat ? "message.content" : "text")}: expected a string", transient: false);
        }

        var finishText = choice.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String ? f.GetString() : null;
        var finish = finishText switch
        {
            null or "stop" or "eos" => FinishReason.Stop,
            "length" => FinishReason.Length,
            _ => throw new ModelServerException($"{url}: choices[{position}].finish_reason '{Clip(finishText)}' (the server aborted the request)", transient: true),
        };

        // Which stop string fired: vLLM's stop_reason, SGLang's matched_stop, llama.cpp's stopping_word. A token id or
        // a string mario did not ask for (EOS) is not a stop sequence.
        string? fired = null;
        foreach (var name in (ReadOnlySpan<string>)["stop_reason", "matched_stop", "stopping_word"])
        {
            if (choice.TryGetProperty(name, out var s) && s.ValueKind == JsonValueKind.String && request.Stop.Contains(s.GetString()!))
            {
                fired = s.GetString();
                break;
            }
        }

        var logprobs = LogProbs(choice, url, position);
        var exact = false;
        var tokens = 0;
        if (choice.TryGetProperty("token_ids", out var ids) && ids.ValueKind == JsonValueKind.Array)
        {
            tokens = ids.GetArrayLength();
            exact = true;
        }
        else if (logprobs is not null)
        {
            // llama.cpp leaves out the tokens that overlap the matched stop string, so this may undercount by a few.
            tokens = logprobs.Count;
            exact = true;
        }

        return (index, new Completion(text, finish, finish == FinishReason.Stop ? fired : null, promptTokens, tokens, logprobs), exact);
    }

    private static List<double>? LogProbs(JsonElement choice, string url, int position)
    {
        if (!choice.TryGetProperty("logprobs", out var lp) || lp.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        var values = new List<double>();
        // Legacy completions shape (vLLM, SGLang): token_logprobs[]; chat shape (llama.cpp, chat route): content[].logprob.
        if (lp.TryGetProperty("token_logprobs", out var legacy) && legacy.ValueKind == JsonValueKind.Array)
        {
            foreach (var v in legacy.EnumerateArray())
            {
                if (v.ValueKind == JsonValueKind.Number)
                {
                    values.Add(Finite(v.GetDouble(), url, position));
                }
            }

            return values;
        }

        if (lp.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
        {
            foreach (var entry in content.EnumerateArray())
            {
                if (entry.ValueKind == JsonValueKind.Object && entry.TryGetProperty("logprob", out var v) && v.ValueKind == JsonValueKind.Number)
                {
                    values.Add(Finite(v.GetDouble(), url, position));
                }
            }

            return values;
        }

        return null;
    }

    private static double Finite(double value, string url, int position) =>
        double.IsNaN(value) || value > 1e-6
            ? throw new ModelServerException($"{url}: choices[{position}].logprobs: {value.ToString(CultureInfo.InvariantCulture)} is not a log-probability", transient: false)
            : Math.Max(Math.Min(value, 0), -1e4);

    private static int? Int(JsonElement element, string name, string url)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n >= 0
            ? n
            : throw new ModelServerException($"{url}: '{name}': expected a non-negative integer, got {Clip(value.GetRawText())}", transient: false);
    }

    /// <summary>A server-supplied string cut to one short line for an error message.</summary>
    public static string Clip(string? text)
    {
        var one = (text ?? "").ReplaceLineEndings(" ");
        return one.Length <= 200 ? one : one[..200] + "...";
    }
}
