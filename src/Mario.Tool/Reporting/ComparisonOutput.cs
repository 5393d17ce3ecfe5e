using System.Globalization;
using System.Text;
using Mario.Tool.Comparing;
using Spectre.Console;

namespace Mario.Tool.Reporting;

/// <summary>
/// Writes a <see cref="ComparisonReport"/> as tables (Spectre), Markdown or JSON. The table and Markdown forms
/// carry the same sections: the runs with their Wilson intervals and costs, the paired differences against the
/// first run, the problems won and lost, and the breakdown by level and subject.
/// </summary>
public static class ComparisonOutput
{
    /// <summary>Problem ids listed per won/lost line in the table form (Markdown and JSON list all).</summary>
    public const int TableIdLimit = 20;

    /// <summary>Writes the report in <paramref name="format"/>.</summary>
    /// <param name="report">The comparison.</param>
    /// <param name="format">Table, Markdown or JSON.</param>
    /// <param name="writer">Standard output.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public static async Task WriteAsync(ComparisonReport report, ComparisonFormat format, TextWriter writer, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        switch (format)
        {
            case ComparisonFormat.Json:
                await writer.WriteAsync(ComparisonJson.Serialize(report).AsMemory(), cancellationToken).ConfigureAwait(false);
                break;
            case ComparisonFormat.Md:
                await writer.WriteAsync(Markdown(report).AsMemory(), cancellationToken).ConfigureAwait(false);
                break;
            case ComparisonFormat.Table:
                PrintTables(Terminal.Create(writer), report);
                break;
            default:
                throw new InvalidOperationException($"unhandled format {format}");
        }

        await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The report as Markdown: a title line, then one heading and table per section.</summary>
    public static string Markdown(ComparisonReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var text = new StringBuilder();
        text.Append(Title(report)).Append("\n\n");
        foreach (var section in Sections(report, idLimit: int.MaxValue))
        {
            text.Append("### ").Append(section.Heading).Append("\n\n");
            if (section.Columns.Length == 0)
            {
                foreach (var row in section.Rows)
                {
                    text.Append("- ").Append(row[0]).Append('\n');
                }
            }
            else
            {
                text.Append("| ").Append(string.Join(" | ", section.Columns)).Append(" |\n");
                text.Append('|').Append(string.Concat(section.Columns.Select((_, i) => i < section.TextColumns ? "---|" : "---:|"))).Append('\n');
                foreach (var row in section.Rows)
                {
                    text.Append("| ").Append(string.Join(" | ", row.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))).Append(" |\n");
                }
            }

            text.Append('\n');
        }

        return text.ToString();
    }

    private static void PrintTables(IAnsiConsole console, ComparisonReport report)
    {
        console.WriteLine(Title(report));
        foreach (var section in Sections(report, TableIdLimit))
        {
            console.WriteLine();
            console.WriteLine(section.Heading);
            if (section.Columns.Length == 0)
            {
                foreach (var row in section.Rows)
                {
                    console.WriteLine("  " + row[0]);
                }

                continue;
            }

            var table = new Table();
            for (var i = 0; i < section.Columns.Length; i++)
            {
                var column = new TableColumn(Markup.Escape(section.Columns[i]));
                table.AddColumn(i < section.TextColumns ? column : column.RightAligned());
            }

            foreach (var row in section.Rows)
            {
                table.AddRow(row.Select(Markup.Escape).ToArray());
            }

            console.Write(table);
        }
    }

    private static string Title(ComparisonReport report) => string.Create(CultureInfo.InvariantCulture,
        $"suite {report.Suite.Id} v{report.Suite.Version} (data sha256 {report.Suite.DataSha256[..Math.Min(12, report.Suite.DataSha256.Length)]}), {report.Paired} problems paired across {report.Runs.Count} runs");

    private static IEnumerable<Section> Sections(ComparisonReport report, int idLimit)
    {
        yield return new Section(
            "runs (accuracy on the paired problems; 95% Wilson interval; cost per problem)",
            ["run", "model", "strategy", "n", "accuracy", "95% CI", "s/problem", "gen tokens", "model calls", "code runs"],
            3,
            report.Runs.Select(r => new[]
            {
                r.Label, r.Model, r.Solver, Int(report.Paired), $"{Percent(r.Accuracy)} ({Int(r.Correct)})", $"[{Percent(r.Ci95.Low)}, {Percent(r.Ci95.High)}]",
                Number(r.Cost.SecondsPerProblem, "0.000"), Number(r.Cost.GeneratedTokensPerProblem, "0.0"), Number(r.Cost.ModelCallsPerProblem, "0.00"), Number(r.Cost.CodeRunsPerProblem, "0.00"),
            }).ToList());

        var bootstrap = report.Bootstrap;
        var reference = report.Runs[0].Label;
        yield return new Section(
            string.Create(CultureInfo.InvariantCulture, $"paired differences against {reference} (interval: paired bootstrap, B = {bootstrap.Resamples}, seed {bootstrap.Seed}, {bootstrap.Confidence * 100:0.#}%; p: exact two-sided McNemar)"),
            ["run", "difference", "interval", "both right", $"only {reference}", "only run", "both wrong", "McNemar p"],
            1,
            report.Differences.Select(d => new[]
            {
                d.Run, Points(d.Difference), $"[{Points(d.Ci95.Low)}, {Points(d.Ci95.High)}]", Int(d.BothCorrect), Int(d.OnlyReference), Int(d.OnlyRun), Int(d.BothWrong), PValue(d.McNemarP),
            }).ToList());

        yield return new Section(
            "problems won and lost",
            [],
            0,
            report.Differences.SelectMany(d => new[]
            {
                new[] { $"won by {d.Run} over {d.Reference} ({Int(d.Won.Count)}): {Ids(d.Won, idLimit)}" },
                new[] { $"lost by {d.Run} to {d.Reference} ({Int(d.Lost.Count)}): {Ids(d.Lost, idLimit)}" },
            }).ToList());

        foreach (var facet in Enum.GetValues<ProblemFacet>())
        {
            var rows = report.Breakdown.Where(b => b.Facet == facet).ToList();
            if (rows.Count == 0)
            {
                continue;
            }

            var name = Mario.Tool.Runs.RunJson.Name(facet);
            yield return new Section(
                $"by {name} (correct / problems)",
                [name, "n", .. report.Runs.Select(r => r.Label)],
                1,
                rows.Select(b => new[] { b.Value, Int(b.N) }.Concat(b.Correct.Select(c => $"{Int(c)} ({Percent((double)c / b.N)})")).ToArray()).ToList());
        }
    }

    private static string Ids(IReadOnlyList<string> ids, int limit) => ids.Count == 0
        ? "none"
        : ids.Count <= limit
            ? string.Join(", ", ids)
            : string.Join(", ", ids.Take(limit)) + string.Create(CultureInfo.InvariantCulture, $", and {ids.Count - limit} more (--format md or json lists all)");

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value, string format) => value.ToString(format, CultureInfo.InvariantCulture);

    private static string Percent(double value) => (value * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Points(double value) => (value * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " pts";

    private static string PValue(double p) => p >= 0.0001 ? p.ToString("0.0000", CultureInfo.InvariantCulture) : p.ToString("0.0e+00", CultureInfo.InvariantCulture);

    /// <summary>One titled table (or, without columns, a list of lines); the first <c>TextColumns</c> columns are left-aligned.</summary>
    private sealed record Section(string Heading, string[] Columns, int TextColumns, List<string[]> Rows);
}
