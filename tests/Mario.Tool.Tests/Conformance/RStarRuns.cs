namespace Mario.Tool.Tests.Conformance;

/// <summary>The rStar-Math scenario set (rstar-runs.json, rstar-expected.json), run once per test class.</summary>
public sealed class RStarRuns() : ConformanceRuns("rstar-", "rstar");
