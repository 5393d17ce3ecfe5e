using System.Text.Json;
using System.Text.Json.Serialization;

namespace Mario.Tool.Runs;

/// <summary>Writes and reads an enum as its kebab-case name (<c>NotEquivalent</c> as <c>not-equivalent</c>); numbers are refused.</summary>
/// <typeparam name="TEnum">The closed set.</typeparam>
public sealed class KebabEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
