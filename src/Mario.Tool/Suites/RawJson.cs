namespace Mario.Tool.Suites;

/// <summary>A JSON value copied verbatim from a source file (e.g. the exact text of a number such as <c>27.0</c>).</summary>
/// <param name="Text">Valid JSON text.</param>
public sealed record RawJson(string Text);
