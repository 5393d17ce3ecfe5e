namespace Mario.Tool.Reporting;

/// <summary>What <c>--format</c> selects for <c>eval</c>, <c>check</c>, <c>grade</c> and <c>suites list</c>.</summary>
public enum OutputFormat
{
    /// <summary>A table for people (no colours when stdout is not a terminal or NO_COLOR is set).</summary>
    Table,

    /// <summary>One JSON document on stdout with a stable, versioned schema (see README).</summary>
    Json,
}
