using System.Text.Json.Serialization;

namespace Mario.Tool.Runs;

/// <summary>How many lines share a no-answer reason, and the first of them.</summary>
/// <param name="Count">Lines with the reason.</param>
/// <param name="Example">The first such problem id, in file order.</param>
public sealed record ReasonCount(int Count, string Example);
