using Xunit;

namespace Mario.Testing;

/// <summary>A fact that needs the full GSM8K / MATH suites: skipped with the reason where a clone has none.</summary>
public sealed class FullSuitesFactAttribute : FactAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> from <see cref="SuiteData.FullSuitesSkipReason"/>.</summary>
    public FullSuitesFactAttribute() => Skip = SuiteData.FullSuitesSkipReason;
}
