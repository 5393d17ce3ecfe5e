using System.Globalization;

namespace Mario.Search.Strategies;

/// <summary>Reads typed options from CLI key/value pairs, collecting errors and the accepted options as it goes.</summary>
internal sealed class OptionReader(IReadOnlyDictionary<string, string> values)
{
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public List<OptionError> Errors { get; } = [];

    public List<StrategyOption> Accepted { get; } = [];

    public int Int(string key, int fallback, string description) =>
        Read(key, fallback, description, s => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null, "an integer");

    public double Double(string key, double fallback, string description) =>
        Read(key, fallback, description, s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null, "a number");

    public float Float(string key, float fallback, string description) =>
        Read(key, fallback, description, s => float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null, "a number");

    public bool Bool(string key, bool fallback, string description) =>
        Read(key, fallback, description, s => s.ToLowerInvariant() switch { "true" or "1" or "yes" => true, "false" or "0" or "no" => false, _ => null }, "true or false");

    public TEnum Enum<TEnum>(string key, TEnum fallback, string description, IReadOnlyDictionary<string, TEnum> names)
        where TEnum : struct, System.Enum =>
        Read(key, fallback, description, s => names.TryGetValue(s.ToLowerInvariant(), out var v) ? v : null, string.Join(", ", names.Keys), names);

    /// <summary>Adds an error for every key no reader asked for.</summary>
    public void RejectUnknown(string strategy)
    {
        foreach (var key in values.Keys.Where(k => !_used.Contains(k)).Order(StringComparer.Ordinal))
        {
            Errors.Add(new OptionError(key, $"is not an option of {strategy}; it accepts {string.Join(", ", Accepted.Select(a => a.Name))}"));
        }
    }

    private T Read<T>(string key, T fallback, string description, Func<string, T?> parse, string expected, IReadOnlyDictionary<string, T>? names = null)
        where T : struct
    {
        _used.Add(key);
        var shown = names?.FirstOrDefault(n => EqualityComparer<T>.Default.Equals(n.Value, fallback)).Key
            ?? Convert.ToString(fallback, CultureInfo.InvariantCulture)!.ToLowerInvariant();
        Accepted.Add(new StrategyOption(key, shown, description));
        if (!values.TryGetValue(key, out var text))
        {
            return fallback;
        }

        if (parse(text.Trim()) is { } value)
        {
            return value;
        }

        Errors.Add(new OptionError(key, $"expected {expected}, got '{text}'"));
        return fallback;
    }
}
