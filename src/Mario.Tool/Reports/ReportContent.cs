namespace Mario.Tool.Reports;

/// <summary>Everything the page and the Markdown file show, computed once from the runs.</summary>
/// <param name="Runs">The runs, in command-line order.</param>
/// <param name="Figures">The drawn figures, in page order.</param>
/// <param name="ProblemIds">Every problem id of any run: the first run's order, then ids only later runs have.</param>
/// <param name="Notes">Sentences about what could not be shown and why (e.g. a tree that could not be read).</param>
public sealed record ReportContent(
    IReadOnlyList<ReportRun> Runs,
    IReadOnlyList<ReportFigure> Figures,
    IReadOnlyList<string> ProblemIds,
    IReadOnlyList<string> Notes)
{
    /// <summary>The file name of the page, relative to the output folder.</summary>
    public const string HtmlFile = "report.html";

    /// <summary>The file name of the Markdown report.</summary>
    public const string MarkdownFile = "report.md";

    /// <summary>The folder of the PNG and SVG figures.</summary>
    public const string FigureFolder = "figures";

    /// <summary>The page anchor of a problem's search tree in a run (indices, never ids: ids are data).</summary>
    public static string TreeAnchor(int run, int problem) => $"t{run}-{problem}";
}
