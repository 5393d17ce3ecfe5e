using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mario.Tool.Serving.Wire;

/// <summary>
/// The body of <c>POST /v1/completions</c>: vLLM's <c>CompletionRequest</c> fields that mario's engine honours, and the
/// ones it accepts only at their neutral value (so a client that sends every field explicitly, as mario's does, is
/// served; a value the engine cannot honour is a 400 naming the field, never silently ignored). Unknown fields are a 400.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record CompletionRequestBody
{
    /// <summary>Served model name; null serves the default model.</summary>
    public string? Model { get; init; }

    /// <summary>One prompt or a list of prompts (text only).</summary>
    [JsonConverter(typeof(TextListConverter))]
    public IReadOnlyList<string>? Prompt { get; init; }

    /// <summary>Samples per prompt, default 1.</summary>
    public int? N { get; init; }

    /// <summary>Token budget per sample, default 16 (vLLM's).</summary>
    public int? MaxTokens { get; init; }

    /// <summary>0 is greedy; default 1.</summary>
    public double? Temperature { get; init; }

    /// <summary>Nucleus mass in (0, 1]; default 1.</summary>
    public double? TopP { get; init; }

    /// <summary>Top-k; 0 or -1 disables; default off.</summary>
    public int? TopK { get; init; }

    /// <summary>Only 0 (the engine has no min-p filter).</summary>
    public double? MinP { get; init; }

    /// <summary>Sampler seed: an integer in [-2^63, 2^64); a negative value is read as its two's-complement unsigned value.</summary>
    public JsonElement? Seed { get; init; }

    /// <summary>Stop strings (one string or a list).</summary>
    [JsonConverter(typeof(TextListConverter))]
    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary>Only empty: the engine's stop tokens are the checkpoint's end-of-sequence ids.</summary>
    public IReadOnlyList<int>? StopTokenIds { get; init; }

    /// <summary>Return per-token log-probabilities; 0 to 20 (only the sampled token's is reported).</summary>
    public int? Logprobs { get; init; }

    /// <summary>Keep the stop string that fired at the end of the text.</summary>
    public bool? IncludeStopStrInOutput { get; init; }

    /// <summary>Accepted either way: the engine never writes end-of-sequence tokens into the text.</summary>
    public bool? SkipSpecialTokens { get; init; }

    /// <summary>Accepted either way: the tokenizer adds no BOS token.</summary>
    public bool? AddSpecialTokens { get; init; }

    /// <summary>Accepted either way.</summary>
    public bool? SpacesBetweenSpecialTokens { get; init; }

    /// <summary>Only false.</summary>
    public bool? Echo { get; init; }

    /// <summary>Only false.</summary>
    public bool? Stream { get; init; }

    /// <summary>Only null or equal to <c>n</c>.</summary>
    public int? BestOf { get; init; }

    /// <summary>Only 0.</summary>
    public double? PresencePenalty { get; init; }

    /// <summary>Only 0.</summary>
    public double? FrequencyPenalty { get; init; }

    /// <summary>Only 1.</summary>
    public double? RepetitionPenalty { get; init; }

    /// <summary>Only false.</summary>
    public bool? IgnoreEos { get; init; }

    /// <summary>Only 0.</summary>
    public int? MinTokens { get; init; }

    /// <summary>Only null.</summary>
    public int? PromptLogprobs { get; init; }

    /// <summary>Only null.</summary>
    public int? TruncatePromptTokens { get; init; }

    /// <summary>Only null.</summary>
    public string? Suffix { get; init; }

    /// <summary>Ignored (an end-user id for abuse monitoring in OpenAI's API).</summary>
    public string? User { get; init; }
}
