using System.Text.Json.Serialization;

namespace Mario.Search.Prompts;

/// <summary>Source-generated reader of prompt type files and few-shot lines; unknown fields are errors, so a misspelt field is said, not ignored.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(PromptTypeFile))]
internal sealed partial class PromptTypeJsonContext : JsonSerializerContext;
