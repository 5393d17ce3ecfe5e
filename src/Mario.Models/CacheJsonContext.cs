using System.Text.Json.Serialization;

namespace Mario.Models;

/// <summary>Source-generated JSON for the model-call cache's stored values.</summary>
[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(List<CachedCompletion>))]
internal sealed partial class CacheJsonContext : JsonSerializerContext;
