namespace Mario.Tool.Tests.Conformance;

/// <summary>The Super_MARIO scenario set (runs.json, expected.json), run once per test class.</summary>
public sealed class SuperMarioRuns() : ConformanceRuns("", "conformance");
