using System.Globalization;
using System.Net;
using System.Text;
using Mario.Search.Tree;
using Mario.Tool.Runs;

namespace Mario.Tool.Reports;

/// <summary>
/// The self-contained HTML page: no script, no external fetch (figures are SVG data URIs, styles inline), and a
/// content security policy that forbids both. Every text that came from a run (model output, answers, ids, folder
/// names) is HTML-escaped: model output is hostile input.
/// </summary>
public static class HtmlReport
{
    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:1100px;padding:0 1rem;color:#222}
        table{border-collapse:collapse;margin:1rem 0;font-size:.9rem}th,td{border:1px solid #ccc;padding:.25rem .5rem;text-align:left;vertical-align:top}
        th{background:#f3f3f3}td.num{text-align:right;font-variant-numeric:tabular-nums}
        .ok{color:#1a7f37}.bad{color:#c62828}.none{color:#888}
        figure{margin:1.5rem 0}figcaption{font-size:.85rem;color:#555;max-width:760px}img{max-width:100%;height:auto;border:1px solid #eee}
        pre{white-space:pre-wrap;word-break:break-word;background:#f7f7f7;padding:.4rem;margin:.2rem 0;max-height:18rem;overflow:auto;font-size:.8rem}
        details{margin:.3rem 0;border-left:3px solid #ddd;padding-left:.5rem}summary{cursor:pointer}
        ul.tree{list-style:none;padding-left:1.1rem;border-left:1px dotted #bbb}ul.tree>li{margin:.2rem 0}
        .meta{font-size:.8rem;color:#555}.wide{overflow-x:auto}.note{color:#8a5300}
        """;

    /// <summary>The page as text.</summary>
    public static string Render(ReportContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append("<title>mario report</title>\n<style>").Append(Style).Append("</style>\n</head>\n<body>\n")
            .Append("<h1>mario report</h1>\n");
        RunsTable(html, content.Runs);
        foreach (var note in content.Notes)
        {
            html.Append("<p class=\"note\">").Append(E(note)).Append("</p>\n");
        }

        html.Append("<h2 id=\"figures\">Figures</h2>\n");
        foreach (var figure in content.Figures)
        {
            html.Append("<figure id=\"fig-").Append(figure.Name).Append("\">\n<img alt=\"").Append(E(figure.Title))
                .Append("\" width=\"").Append(ReportFigures.Width).Append("\" height=\"").Append(ReportFigures.Height)
                .Append("\" src=\"data:image/svg+xml;base64,").Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(figure.Svg))).Append("\">\n")
                .Append("<figcaption><b>").Append(E(figure.Title)).Append(".</b> ").Append(E(figure.Caption)).Append("</figcaption>\n</figure>\n");
        }

        ProblemsTable(html, content);
        Trees(html, content);
        html.Append("</body>\n</html>\n");
        return html.ToString();
    }

    private static void RunsTable(StringBuilder html, IReadOnlyList<ReportRun> runs)
    {
        html.Append("<h2 id=\"runs\">Runs</h2>\n<div class=\"wide\"><table>\n<tr><th>run</th><th>suite</th><th>model</th><th>value model</th><th>solver</th>")
            .Append("<th>problems</th><th>accuracy</th><th>95% interval</th><th>coverage</th><th>tokens / problem</th><th>seconds / problem</th><th>model calls / problem</th></tr>\n");
        foreach (var run in runs)
        {
            var s = run.Summary;
            html.Append("<tr><td title=\"").Append(E(run.Folder)).Append("\">").Append(E(run.Label)).Append("</td><td>")
                .Append(E(s.Suite.Id)).Append("</td><td>").Append(E(s.Model)).Append("</td><td>").Append(E(s.ValueModel ?? "none"))
                .Append("</td><td>").Append(E(s.Solver)).Append("</td><td class=\"num\">").Append(s.Metrics.N)
                .Append("</td><td class=\"num\">").Append(Percent(s.Metrics.Accuracy)).Append("</td><td class=\"num\">")
                .Append(Percent(s.Metrics.Ci95.Low)).Append(" – ").Append(Percent(s.Metrics.Ci95.High)).Append("</td><td class=\"num\">")
                .Append(Percent(s.Metrics.Coverage)).Append("</td><td class=\"num\">").Append(Number(run.TokensPerProblem, "F1"))
                .Append("</td><td class=\"num\">").Append(Number(run.SecondsPerProblem, "F3")).Append("</td><td class=\"num\">")
                .Append(Number(run.ModelCallsPerProblem, "F1")).Append("</td></tr>\n");
        }

        html.Append("</table></div>\n");
    }

    private static void ProblemsTable(StringBuilder html, ReportContent content)
    {
        var runs = content.Runs;
        var byId = runs.Select(r => r.Samples.ToDictionary(s => s.Id, StringComparer.Ordinal)).ToList();
        html.Append("<h2 id=\"problems\">Problems</h2>\n<p>Each cell links to the problem's search tree in that run.</p>\n<div class=\"wide\"><table>\n<tr><th>#</th><th>problem</th><th>level</th><th>gold</th>");
        foreach (var run in runs)
        {
            html.Append("<th>").Append(E(run.Label)).Append("</th>");
        }

        html.Append("</tr>\n");
        for (var p = 0; p < content.ProblemIds.Count; p++)
        {
            var id = content.ProblemIds[p];
            var first = byId.Select(d => d.GetValueOrDefault(id)).First(s => s is not null)!;
            html.Append("<tr><td class=\"num\">").Append(p + 1).Append("</td><td>").Append(E(id)).Append("</td><td>").Append(E(first.Level ?? ""))
                .Append("</td><td>").Append(E(first.Gold)).Append("</td>");
            for (var r = 0; r < runs.Count; r++)
            {
                if (byId[r].GetValueOrDefault(id) is not { } sample)
                {
                    html.Append("<td class=\"none\">not run</td>");
                    continue;
                }

                html.Append("<td><a href=\"#").Append(ReportContent.TreeAnchor(r, p)).Append("\" class=\"").Append(sample.Correct ? "ok" : "bad").Append("\">")
                    .Append(sample.Correct ? "✓ " : "✗ ").Append(E(sample.Answer ?? "no answer")).Append("</a></td>");
            }

            html.Append("</tr>\n");
        }

        html.Append("</table></div>\n");
    }

    private static void Trees(StringBuilder html, ReportContent content)
    {
        html.Append("<h2 id=\"trees\">Search trees</h2>\n");
        var index = content.ProblemIds.Select((id, i) => (id, i)).ToDictionary(x => x.id, x => x.i, StringComparer.Ordinal);
        for (var r = 0; r < content.Runs.Count; r++)
        {
            var run = content.Runs[r];
            html.Append("<h3>").Append(E(run.Label)).Append(" <span class=\"meta\">").Append(E(run.Summary.Solver)).Append("</span></h3>\n");
            foreach (var sample in run.Samples)
            {
                html.Append("<details id=\"").Append(ReportContent.TreeAnchor(r, index[sample.Id])).Append("\"><summary>")
                    .Append(E(sample.Id)).Append(": <span class=\"").Append(sample.Correct ? "ok\">✓ " : "bad\">✗ ").Append(E(sample.Answer ?? "no answer"))
                    .Append("</span> <span class=\"meta\">gold ").Append(E(sample.Gold)).Append("</span></summary>\n");
                if (sample.Question is { } question)
                {
                    html.Append("<div class=\"meta\">question</div><pre>").Append(E(question)).Append("</pre>\n");
                }

                html.Append("<div class=\"meta\">chosen completion</div><pre>").Append(E(sample.Completion)).Append("</pre>\n");
                if (sample.Error is { } error)
                {
                    html.Append("<p class=\"note\">error: ").Append(E(error)).Append("</p>\n");
                }

                Tree(html, sample);
                html.Append("</details>\n");
            }
        }
    }

    private static void Tree(StringBuilder html, SampleLine sample)
    {
        if (sample.Tree is not { } element)
        {
            html.Append("<p class=\"meta\">no search tree recorded</p>\n");
            return;
        }

        var parse = TreeDump.Parse(element);
        if (parse.Dump is not { } dump)
        {
            html.Append("<p class=\"note\">the tree could not be read: ").Append(E(parse.Error ?? "")).Append("</p>\n");
            return;
        }

        var children = dump.Nodes.Where(n => n.Id != "0").GroupBy(n => n.Id[..n.Id.LastIndexOf('.')], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        html.Append("<div class=\"meta\">search tree: ").Append(dump.Nodes.Count).Append(" nodes</div>\n<ul class=\"tree\">\n");
        // An explicit stack, not recursion: a deep tree must not exhaust the call stack.
        var stack = new Stack<(NodeRecord Node, bool Close)>();
        stack.Push((dump.Nodes[0], false));
        while (stack.Count > 0)
        {
            var (node, close) = stack.Pop();
            if (close)
            {
                html.Append("</ul></li>\n");
                continue;
            }

            html.Append("<li>");
            Node(html, node);
            if (children.TryGetValue(node.Id, out var kids))
            {
                html.Append("<ul class=\"tree\">\n");
                stack.Push((node, true));
                for (var i = kids.Count - 1; i >= 0; i--)
                {
                    stack.Push((kids[i], false));
                }
            }
            else
            {
                html.Append("</li>\n");
            }
        }

        html.Append("</ul>\n");
    }

    private static void Node(StringBuilder html, NodeRecord node)
    {
        html.Append("<span class=\"meta\">").Append(E(node.Id)).Append(' ').Append(RunJson.Name(node.Kind));
        if (node.Visits > 0)
        {
            html.Append(" · N=").Append(node.Visits).Append(" Q=").Append(Number(node.Q, "F3"));
        }

        if (node.Value is { } value)
        {
            html.Append(" · value=").Append(Number(value, "F3"));
        }

        if (node.Kind != StepKind.Root)
        {
            html.Append(" · prior=").Append(Number(node.Prior, "F3")).Append(" · ").Append(node.GeneratedTokens).Append(" tokens");
        }

        if (node.Terminal is { } terminal)
        {
            html.Append(" · ").Append(RunJson.Name(terminal));
        }

        html.Append("</span>");
        if (node.Answer is { } answer)
        {
            var css = node.Correct switch { true => "ok", false => "bad", null => "none" };
            html.Append(" <span class=\"").Append(css).Append("\">answer ").Append(E(answer)).Append(node.Correct switch { true => " ✓", false => " ✗", null => "" }).Append("</span>");
        }

        if (node.Error is { } error)
        {
            html.Append(" <span class=\"note\">").Append(E(error)).Append("</span>");
        }

        if (node.Text.Length > 0)
        {
            html.Append("<pre>").Append(E(node.Text)).Append("</pre>");
        }
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);

    private static string Percent(double share) => (share * 100).ToString("F1", CultureInfo.InvariantCulture) + "%";

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);
}
