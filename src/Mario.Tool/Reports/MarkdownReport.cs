using System.Globalization;
using System.Text;

namespace Mario.Tool.Reports;

/// <summary>
/// The Markdown report: the runs table, every figure as a PNG link (the SVG beside it), and the per-problem table
/// whose cells link to the problem's tree on the HTML page. Run text is escaped so that it cannot open a link,
/// an HTML tag or a table cell.
/// </summary>
public static class MarkdownReport
{
    /// <summary>The Markdown text.</summary>
    public static string Render(ReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var md = new StringBuilder("# mario report\n\n");
        md.Append("| run | suite | model | solver | problems | accuracy | 95% interval | coverage | tokens / problem | seconds / problem | model calls / problem |\n")
            .Append("|---|---|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
        foreach (var run in content.Runs)
        {
            var s = run.Summary;
            md.Append("| ").Append(E(run.Label)).Append(" | ").Append(E(s.Suite.Id)).Append(" | ").Append(E(s.Model)).Append(" | ").Append(E(s.Solver))
                .Append(" | ").Append(s.Metrics.N).Append(" | ").Append(Percent(s.Metrics.Accuracy)).Append(" | ")
                .Append(Percent(s.Metrics.Ci95.Low)).Append(" – ").Append(Percent(s.Metrics.Ci95.High)).Append(" | ").Append(Percent(s.Metrics.Coverage))
                .Append(" | ").Append(N(run.TokensPerProblem, "F1")).Append(" | ").Append(N(run.SecondsPerProblem, "F3")).Append(" | ")
                .Append(N(run.ModelCallsPerProblem, "F1")).Append(" |\n");
        }

        foreach (var note in content.Notes)
        {
            md.Append("\n> ").Append(E(note)).Append('\n');
        }

        md.Append("\n## Figures\n");
        foreach (var figure in content.Figures)
        {
            md.Append("\n### ").Append(E(figure.Title)).Append("\n\n![").Append(E(figure.Title)).Append("](")
                .Append(ReportContent.FigureFolder).Append('/').Append(figure.Name).Append(".png)\n\n")
                .Append(E(figure.Caption)).Append(" ([SVG](").Append(ReportContent.FigureFolder).Append('/').Append(figure.Name).Append(".svg))\n");
        }

        md.Append("\n## Problems\n\nEach cell links to the problem's search tree on the [HTML page](").Append(ReportContent.HtmlFile).Append(").\n\n| # | problem | level | gold |");
        foreach (var run in content.Runs)
        {
            md.Append(' ').Append(E(run.Label)).Append(" |");
        }

        md.Append("\n|--:|---|---|---|").Append(string.Concat(content.Runs.Select(_ => "---|"))).Append('\n');
        var byId = content.Runs.Select(r => r.Samples.ToDictionary(s => s.Id, StringComparer.Ordinal)).ToList();
        for (var p = 0; p < content.ProblemIds.Count; p++)
        {
            var id = content.ProblemIds[p];
            var first = byId.Select(d => d.GetValueOrDefault(id)).First(s => s is not null)!;
            md.Append("| ").Append(p + 1).Append(" | ").Append(E(id)).Append(" | ").Append(E(first.Level ?? "")).Append(" | ").Append(E(first.Gold)).Append(" |");
            for (var r = 0; r < content.Runs.Count; r++)
            {
                md.Append(byId[r].GetValueOrDefault(id) is { } sample
                    ? $" [{(sample.Correct ? "✓" : "✗")} {E(sample.Answer ?? "no answer")}]({ReportContent.HtmlFile}#{ReportContent.TreeAnchor(r, p)}) |"
                    : " not run |");
            }

            md.Append('\n');
        }

        return md.ToString();
    }

    /// <summary>
    /// Text safe in a Markdown table cell: one line; backslash and the characters that start emphasis, code, links
    /// or a cell boundary escaped; &lt;, &gt; and &amp; as HTML entities (a renderer passes raw HTML through).
    /// </summary>
    public static string E(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            switch (c)
            {
                case '&': result.Append("&amp;"); break;
                case '<': result.Append("&lt;"); break;
                case '>': result.Append("&gt;"); break;
                case '\r' or '\n' or '\t': result.Append(' '); break;
                case '\\' or '|' or '[' or ']' or '(' or ')' or '`' or '*' or '_' or '!' or '#':
                    result.Append('\\').Append(c);
                    break;
                default: result.Append(c); break;
            }
        }

        return result.ToString();
    }

    private static string Percent(double share) => (share * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static string N(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
