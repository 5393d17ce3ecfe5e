using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mario.Tool.Serving.Wire;

/// <summary>
/// Reads a field the OpenAI wire lets be one string or a list of strings (<c>prompt</c>, <c>stop</c>, <c>input</c>) as a
/// list. Token-id arrays are refused: mario serve takes text, so the text it tokenizes is the text the in-process
/// engine tokenizes.
/// </summary>
internal sealed class TextListConverter : JsonConverter<IReadOnlyList<string>>
{
    /// <inheritdoc />
    public override IReadOnlyList<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return [reader.GetString()!];
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"expected a string or a list of strings, found {Describe(reader.TokenType)}");
        }

        var items = new List<string>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.String)
            {
                throw new JsonException(reader.TokenType is JsonTokenType.Number or JsonTokenType.StartArray
                    ? "token-id prompts are not supported by mario serve; send text"
                    : $"expected a list of strings, found {Describe(reader.TokenType)} at item {items.Count}");
            }

            items.Add(reader.GetString()!);
        }

        return items;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, IReadOnlyList<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }

        writer.WriteEndArray();
    }

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.StartObject => "an object",
        JsonTokenType.StartArray => "a list",
        JsonTokenType.Null => "null",
        _ => token.ToString(),
    };
}
