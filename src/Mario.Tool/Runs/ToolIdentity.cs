using System.Text.Json.Serialization;

namespace Mario.Tool.Runs;

/// <summary>The tool that made the run.</summary>
/// <param name="Version">Package version.</param>
/// <param name="Commit">Git commit it was built from, or <c>unknown</c>.</param>
public sealed record ToolIdentity(string Version, string Commit);
