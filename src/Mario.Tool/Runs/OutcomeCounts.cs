using System.Text.Json.Serialization;

namespace Mario.Tool.Runs;

/// <summary>Verdicts by outcome.</summary>
/// <param name="Equivalent">Equivalent.</param>
/// <param name="NotEquivalent">Not equivalent.</param>
/// <param name="Unknown">Unknown (a budget ran out; counted as wrong).</param>
public sealed record OutcomeCounts(int Equivalent, int NotEquivalent, int Unknown);
