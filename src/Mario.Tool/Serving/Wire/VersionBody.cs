namespace Mario.Tool.Serving.Wire;

/// <summary>The body of <c>GET /version</c>.</summary>
/// <param name="Version">mario's package version.</param>
/// <param name="Server">Always "mario", so a client can tell it from vLLM.</param>
/// <param name="Commit">The git commit the tool was built from, or "unknown".</param>
public sealed record VersionBody(string Version, string Server, string Commit);
