using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mario.Search.Strategies;

/// <summary>
/// Binds a strategy kind in JSON through <see cref="StrategyNames"/>, the table <c>--strategy</c> uses, so run files
/// spell a strategy as the command line does (<c>maj</c>, <c>bon</c>, <c>rstar-mcts</c>) and accept its aliases.
/// Writes the canonical name.
/// </summary>
public sealed class StrategyKindJsonConverter : JsonConverter<StrategyKind>
{
    /// <inheritdoc/>
    public override StrategyKind Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.String && StrategyNames.Parse(reader.GetString()!) is { } kind)
        {
            return kind;
        }

        throw new JsonException($"expected a strategy name, one of {string.Join(", ", StrategyNames.Canonical)}");
    }

    /// <inheritdoc/>
    public override void Write(Utf8JsonWriter writer, StrategyKind value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(StrategyNames.Name(value));
    }
}
