namespace Mario.Tool.Reporting;

/// <summary>What <c>--format</c> selects for <c>compare</c>.</summary>
public enum ComparisonFormat
{
    /// <summary>Tables for people (no colours when stdout is not a terminal or NO_COLOR is set).</summary>
    Table,

    /// <summary>The same tables as Markdown, for a pull request or a report.</summary>
    Md,

    /// <summary>One JSON document: the comparison report (docs/compare.md).</summary>
    Json,
}
