using System.Text.Json.Serialization;

namespace Mario.Tool.Runs;

/// <summary>A confidence interval.</summary>
/// <param name="Method">How it was computed (<c>wilson</c>).</param>
/// <param name="Low">Lower end in [0, 1].</param>
/// <param name="High">Upper end in [0, 1].</param>
public sealed record Interval(string Method, double Low, double High);
