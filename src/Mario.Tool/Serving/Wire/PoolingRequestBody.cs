using System.Text.Json.Serialization;

namespace Mario.Tool.Serving.Wire;

/// <summary>
/// The body of <c>POST /pooling</c> (vLLM's pooling API): texts to score with the value head at their last token.
/// Unknown fields are a 400.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PoolingRequestBody
{
    /// <summary>Served value-model name; null serves the default value model.</summary>
    public string? Model { get; init; }

    /// <summary>One text or a list of texts.</summary>
    [JsonConverter(typeof(TextListConverter))]
    public IReadOnlyList<string>? Input { get; init; }

    /// <summary>Null or one of "reward", "classify", "score", "encode" (all give the value head's score).</summary>
    public string? Task { get; init; }

    /// <summary>Only "float" or null.</summary>
    public string? EncodingFormat { get; init; }

    /// <summary>Accepted either way: the tokenizer adds no BOS token.</summary>
    public bool? AddSpecialTokens { get; init; }

    /// <summary>Only true or null: the head's activation (tanh for mario's value heads) is always applied.</summary>
    public bool? UseActivation { get; init; }

    /// <summary>Only null (texts longer than the window are scored on their last window of tokens).</summary>
    public int? TruncatePromptTokens { get; init; }

    /// <summary>Ignored.</summary>
    public string? User { get; init; }
}
