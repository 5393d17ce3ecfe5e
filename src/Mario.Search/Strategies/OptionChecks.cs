namespace Mario.Search.Strategies;

/// <summary>Small range checks shared by the options records.</summary>
internal static class OptionChecks
{
    public static IReadOnlyList<OptionError> Range(string option, int value, int min, int max) =>
        value < min || value > max ? [new OptionError(option, $"must be in [{min}, {max}], got {value}")] : [];

    public static IReadOnlyList<OptionError> Range(string option, double value, double min, double max) =>
        !(value >= min && value <= max) ? [new OptionError(option, $"must be in [{min}, {max}], got {value}")] : [];

    public static IReadOnlyList<OptionError> All(params IReadOnlyList<OptionError>[] checks) => checks.SelectMany(c => c).ToList();
}
