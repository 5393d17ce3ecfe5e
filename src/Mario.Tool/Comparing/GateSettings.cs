namespace Mario.Tool.Comparing;

/// <summary>The gate's margin and evidence threshold, validated once.</summary>
/// <param name="MaxDropPoints">The drop in accuracy tolerated, in percentage points, 0 to 100.</param>
/// <param name="Alpha">The one-sided significance level, in (0, 0.5].</param>
/// <param name="Resamples">Paired bootstrap resamples B, 100 to 1,000,000.</param>
/// <param name="Seed">Seed of the paired bootstrap.</param>
public sealed record GateSettings(double MaxDropPoints, double Alpha, int Resamples, ulong Seed)
{
    /// <summary>What is wrong with the settings, naming the option, or null.</summary>
    public string? Problem() =>
        !(MaxDropPoints is >= 0 and <= 100) ? $"--max-drop must be between 0 and 100 percentage points, got {MaxDropPoints} (example: --max-drop 2)"
        : !(Alpha is > 0 and <= 0.5) ? $"--alpha must be in (0, 0.5], got {Alpha} (example: --alpha 0.05)"
        : Resamples is < 100 or > 1_000_000 ? $"--resamples must be between 100 and 1000000, got {Resamples} (example: -B 10000)"
        : null;
}
