using Xunit;

namespace Mario.Testing;

/// <summary>A theory that needs the full GSM8K / MATH suites: skipped with the reason where a clone has none.</summary>
public sealed class FullSuitesTheoryAttribute : TheoryAttribute
{
    /// <summary>Sets <see cref="FactAttribute.Skip"/> from <see cref="SuiteData.FullSuitesSkipReason"/>.</summary>
    public FullSuitesTheoryAttribute() => Skip = SuiteData.FullSuitesSkipReason;
}
