using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Mario.Models.Scripted;

/// <summary>The JSON settings and error wording shared by the scripted model and value files.</summary>
internal static partial class ScriptedJson
{
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    /// <summary><c>path:line: field: problem</c> for a JSON error.</summary>
    public static string Describe(string path, JsonException ex)
    {
        var field = ex.Path is null or "$" ? "" : ex.Path.TrimStart('$', '.');
        var unknown = UnknownMember().Match(ex.Message);
        var what = unknown.Success ? $"{(field.Length == 0 ? unknown.Groups[1].Value : field)}: unknown field" : $"{(field.Length == 0 ? "" : field + ": ")}{ex.Message.Split(" Path:")[0]}";
        return $"{path}:{(ex.LineNumber ?? 0) + 1}: {what}";
    }

    /// <summary>The last 80 characters of a prompt or text, on one line, for error messages.</summary>
    public static string Tail(string text) => (text.Length > 80 ? "..." + text[^80..] : text).ReplaceLineEndings("\\n");

    [GeneratedRegex("'([^']+)' could not be mapped")]
    private static partial Regex UnknownMember();
}
