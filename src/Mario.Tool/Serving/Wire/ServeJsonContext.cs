using System.Text.Json.Serialization;

namespace Mario.Tool.Serving.Wire;

/// <summary>Source-generated JSON for every body mario serve reads or writes (snake_case, as vLLM spells them).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = false,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Disallow,
    NumberHandling = JsonNumberHandling.Strict)]
[JsonSerializable(typeof(CompletionRequestBody))]
[JsonSerializable(typeof(CompletionResponseBody))]
[JsonSerializable(typeof(PoolingRequestBody))]
[JsonSerializable(typeof(PoolingResponseBody))]
[JsonSerializable(typeof(ModelListBody))]
[JsonSerializable(typeof(VersionBody))]
[JsonSerializable(typeof(ErrorResponseBody))]
public sealed partial class ServeJsonContext : JsonSerializerContext;
