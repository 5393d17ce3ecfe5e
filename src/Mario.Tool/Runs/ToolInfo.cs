using System.Reflection;

namespace Mario.Tool.Runs;

/// <summary>Version and git commit of the running tool (the commit is stamped at build time; "unknown" without git).</summary>
public static class ToolInfo
{
    /// <summary>The package version, e.g. <c>0.1.0</c>.</summary>
    public static string Version { get; } = ReadVersion();

    /// <summary>The git commit the tool was built from (full hash), or <c>unknown</c>.</summary>
    public static string Commit { get; } = typeof(ToolInfo).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .FirstOrDefault(a => a.Key == "GitCommit")?.Value is { Length: > 0 } commit ? commit : "unknown";

    private static string ReadVersion()
    {
        var informational = typeof(ToolInfo).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = informational.IndexOf('+');
        return plus < 0 ? informational : informational[..plus];
    }
}
