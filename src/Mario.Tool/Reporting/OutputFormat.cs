namespace Mario.Tool.Reporting;

/// <summary>How a command writes its results to standard output.</summary>
public enum OutputFormat
{
    /// <summary>A table for people (plain text when standard output is not a terminal).</summary>
    Table,

    /// <summary>One JSON document, for scripts.</summary>
    Json,
}
