using System.Text.Json;
using Mario.Models;
using Mario.Tool.Serving.Wire;

namespace Mario.Tool.Serving;

/// <summary>
/// A validated <c>/v1/completions</c> request: one engine request per prompt, and how to shape the answer. Every check
/// the engine would make happens here first, so a bad request is a 400 for its sender alone and never fails the batch
/// it would have joined.
/// </summary>
/// <param name="Requests">One per prompt, in order, each with Count = n.</param>
/// <param name="IncludeStop">Append the stop string that fired to the text.</param>
/// <param name="Logprobs">Report token log-probabilities.</param>
internal sealed record CompletionPlan(IReadOnlyList<GenerationRequest> Requests, bool IncludeStop, bool Logprobs)
{
    /// <summary>Most samples per prompt.</summary>
    public const int MaxN = 1024;

    /// <summary>Most prompts per request.</summary>
    public const int MaxPrompts = 4096;

    /// <summary>Most sequences (prompts × n) per request.</summary>
    public const int MaxSequences = 4096;

    /// <summary>Largest max_tokens; the engine stops at the context window anyway.</summary>
    public const int MaxTokensLimit = 1 << 20;

    /// <summary>Most stop strings.</summary>
    public const int MaxStops = 64;

    /// <summary>Longest stop string, in characters.</summary>
    public const int MaxStopLength = 4096;

    // vLLM's defaults for fields a request leaves out (max_tokens 16, temperature 1); a missing seed is 0 so that an
    // unseeded request is still reproducible.
    private const int DefaultMaxTokens = 16;

    /// <summary>Checks <paramref name="body"/> field by field; the first problem is returned naming its field.</summary>
    public static (CompletionPlan? Plan, ServeError? Error) Create(CompletionRequestBody body)
    {
        if (body.Prompt is not { } prompts)
        {
            return Fail("prompt", "prompt is required: a string or a list of strings");
        }

        if (prompts.Count is 0 or > MaxPrompts)
        {
            return Fail("prompt", $"prompt holds {prompts.Count} prompts; expected 1 to {MaxPrompts}");
        }

        for (var i = 0; i < prompts.Count; i++)
        {
            if (prompts[i].Length == 0)
            {
                return Fail(prompts.Count == 1 ? "prompt" : $"prompt[{i}]", "the prompt is empty; expected at least one character");
            }
        }

        var n = body.N ?? 1;
        if (n is < 1 or > MaxN)
        {
            return Fail("n", $"n is {n}; expected 1 to {MaxN}");
        }

        if ((long)n * prompts.Count > MaxSequences)
        {
            return Fail("n", $"n × prompts is {(long)n * prompts.Count}; expected at most {MaxSequences} sequences per request");
        }

        var maxTokens = body.MaxTokens ?? DefaultMaxTokens;
        if (maxTokens is < 1 or > MaxTokensLimit)
        {
            return Fail("max_tokens", $"max_tokens is {maxTokens}; expected 1 to {MaxTokensLimit}");
        }

        var temperature = body.Temperature ?? 1.0;
        if (!(temperature >= 0 && temperature <= 2))
        {
            return Fail("temperature", $"temperature is {temperature}; expected 0 (greedy) to 2");
        }

        // Checked as the engine will see it (single precision), so a value that rounds to 0 is refused here.
        var topP = body.TopP ?? 1.0;
        if (!((float)topP > 0 && (float)topP <= 1))
        {
            return Fail("top_p", $"top_p is {topP}; expected a number in (0, 1]");
        }

        var topK = body.TopK ?? 0;
        if (topK < -1)
        {
            return Fail("top_k", $"top_k is {topK}; expected -1 or 0 (off) or a positive count");
        }

        var (seed, seedError) = ReadSeed(body.Seed);
        if (seedError is not null)
        {
            return (null, seedError);
        }

        var stops = body.Stop ?? [];
        if (stops.Count > MaxStops)
        {
            return Fail("stop", $"stop holds {stops.Count} strings; expected at most {MaxStops}");
        }

        for (var i = 0; i < stops.Count; i++)
        {
            if (stops[i].Length > MaxStopLength)
            {
                return Fail($"stop[{i}]", $"the stop string has {stops[i].Length} characters; expected at most {MaxStopLength}");
            }
        }

        if (body.Logprobs is { } lp && lp is < 0 or > 20)
        {
            return Fail("logprobs", $"logprobs is {lp}; expected 0 to 20 (only the sampled token's log-probability is reported)");
        }

        if (Unsupported(body) is { } unsupported)
        {
            return (null, unsupported);
        }

        var sampling = new SamplingOptions((float)temperature, (float)topP, Math.Max(0, topK), maxTokens, seed);
        var requests = prompts.Select(p => new GenerationRequest(p, sampling, stops, n)).ToArray();
        return (new CompletionPlan(requests, body.IncludeStopStrInOutput ?? false, body.Logprobs is not null), null);
    }

    /// <summary>
    /// Reads <c>seed</c>: any integer in [-2^63, 2^64). A negative value stands for its two's-complement unsigned value, so
    /// a client that sends mario's unsigned seeds as signed 64-bit integers (vLLM's type) gets the same samples.
    /// </summary>
    private static (ulong Seed, ServeError? Error) ReadSeed(JsonElement? seed)
    {
        if (seed is not { } element || element.ValueKind == JsonValueKind.Null)
        {
            return (0, null);
        }

        if (element.ValueKind == JsonValueKind.Number)
        {
            if (element.TryGetUInt64(out var unsigned))
            {
                return (unsigned, null);
            }

            if (element.TryGetInt64(out var signed))
            {
                return (unchecked((ulong)signed), null);
            }
        }

        return (0, ServeError.BadRequest("seed", $"seed is {Clip(element.GetRawText())}; expected an integer in [-2^63, 2^64)"));
    }

    private static ServeError? Unsupported(CompletionRequestBody body)
    {
        static ServeError Not(string field, string expected) =>
            ServeError.BadRequest(field, $"{field}: mario's engine cannot honour this value; expected {expected}");

        return body switch
        {
            { MinP: { } v } when v != 0 => Not("min_p", "0 (no min-p filter)"),
            { StopTokenIds.Count: > 0 } => Not("stop_token_ids", "an empty list (the checkpoint's end-of-sequence ids always stop)"),
            { Echo: true } => Not("echo", "false"),
            { Stream: true } => Not("stream", "false"),
            { BestOf: { } b } when b != (body.N ?? 1) => Not("best_of", "null or equal to n"),
            { PresencePenalty: { } v } when v != 0 => Not("presence_penalty", "0"),
            { FrequencyPenalty: { } v } when v != 0 => Not("frequency_penalty", "0"),
            { RepetitionPenalty: { } v } when v != 1 => Not("repetition_penalty", "1"),
            { IgnoreEos: true } => Not("ignore_eos", "false"),
            { MinTokens: { } v } when v != 0 => Not("min_tokens", "0"),
            { PromptLogprobs: not null } => Not("prompt_logprobs", "null"),
            { TruncatePromptTokens: not null } => Not("truncate_prompt_tokens", "null (the engine reports a prompt that fills the window as a length finish)"),
            { Suffix: not null } => Not("suffix", "null"),
            _ => null,
        };
    }

    private static (CompletionPlan? Plan, ServeError? Error) Fail(string param, string message) => (null, ServeError.BadRequest(param, message));

    private static string Clip(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
