using Mario.Testing;

namespace Mario.Search.Tests;

/// <summary>The Super_MARIO few-shot files that ship with the tool (MIT; eval-suites/data/super_mario_few_shots/SOURCE.md).</summary>
internal static class SuitePaths
{
    public static string FewShotDirectory() =>
        Path.Combine(SuiteData.ShippedSuites, "super_mario_few_shots");
}
