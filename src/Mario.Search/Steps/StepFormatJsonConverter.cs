using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mario.Search.Steps;

/// <summary>
/// Binds a step format in JSON (a suite manifest's <c>stepFormat</c>, run.json's options) through Mario.Search's <see cref="StepFormats.Names"/>, the table
/// <c>--step-format</c> uses, so manifests keep their spellings (<c>sft</c>, <c>react</c>, <c>rstar</c>, <c>cot</c>)
/// and accept the canonical names too. Writes the canonical name.
/// </summary>
public sealed class StepFormatJsonConverter : JsonConverter<StepFormatKind>
{
    /// <inheritdoc/>
    public override StepFormatKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"expected a string, one of {string.Join(", ", StepFormats.Names.Keys)}");
        }

        var (kind, error) = StepFormats.Parse(reader.GetString()!);
        return kind ?? throw new JsonException(error!.Message);
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, StepFormatKind value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(StepFormats.Name(value));
    }
}
