using System.Globalization;
using System.Text;
using Mario.Tool.Runs;
using Spectre.Console;

namespace Mario.Tool.Reporting;

/// <summary>
/// The results table of <c>eval</c>: one row per run, Super_MARIO's README columns (accuracy, seconds per question,
/// steps, solutions) plus tokens, model calls and code runs, all per question.
/// </summary>
public static class ResultTable
{
    private static readonly string[] Columns = ["strategy", "n", "accuracy", "no ans", "errors",
        "s/q", "steps/q", "sol/q", "prompt/q", "gen/q", "calls/q", "code/q"];

    /// <summary>Prints the table of the given runs' summaries (as written to summary.json), in order.</summary>
    /// <param name="console">Where to print.</param>
    /// <param name="runs">Each run's table label (e.g. <c>beam(3,5)</c>) and summary.</param>
    public static void Print(IAnsiConsole console, IReadOnlyList<(string Label, RunSummary Summary)> runs)
    {
        // Suite and models are the same on every row of a comparison: one title line instead of two wide columns.
        // Several suites get a suite column.
        var bySuite = SeveralSuites(runs);
        console.WriteLine(Title(runs[0].Summary, bySuite));
        var table = new Table().AddColumns(bySuite ? ["suite", .. Columns] : Columns);
        foreach (var (label, summary) in runs)
        {
            table.AddRow(Cells(label, summary, bySuite).Select(Markup.Escape).ToArray());
        }

        console.Write(table);
    }

    /// <summary>The same table as Markdown, for a comparison folder's summary.md.</summary>
    public static string Markdown(IReadOnlyList<(string Label, RunSummary Summary)> runs)
    {
        var bySuite = SeveralSuites(runs);
        string[] columns = bySuite ? ["suite", .. Columns] : Columns;
        var text = new StringBuilder();
        text.Append(Title(runs[0].Summary, bySuite)).Append("\n\n");
        text.Append("| ").Append(string.Join(" | ", columns)).Append(" |\n");
        text.Append('|').Append(string.Concat(columns.Select((_, i) => i < (bySuite ? 2 : 1) ? "---|" : "---:|"))).Append('\n');
        foreach (var (label, summary) in runs)
        {
            text.Append("| ").Append(string.Join(" | ", Cells(label, summary, bySuite))).Append(" |\n");
        }

        return text.ToString();
    }

    private static bool SeveralSuites(IReadOnlyList<(string Label, RunSummary Summary)> runs) =>
        runs.Select(r => r.Summary.Suite.Id).Distinct(StringComparer.Ordinal).Skip(1).Any();

    private static IEnumerable<string> Cells(string label, RunSummary summary, bool bySuite)
    {
        var metrics = summary.Metrics;
        var usage = summary.Usage;
        var n = Math.Max(1, metrics.N);
        string PerQuestion(double total) => (total / n).ToString("0.0", CultureInfo.InvariantCulture);
        return
        [
            .. bySuite ? [summary.Suite.Id] : Array.Empty<string>(),
            label,
            metrics.N.ToString(CultureInfo.InvariantCulture),
            $"{metrics.Accuracy.ToString("P1", CultureInfo.InvariantCulture)} ({metrics.Correct.ToString(CultureInfo.InvariantCulture)})",
            metrics.NoAnswer.ToString(CultureInfo.InvariantCulture),
            metrics.Errors.ToString(CultureInfo.InvariantCulture),
            (usage.MeanElapsedMs / 1000).ToString("0.00", CultureInfo.InvariantCulture),
            PerQuestion(usage.Steps),
            PerQuestion(usage.Solutions),
            PerQuestion(usage.PromptTokens),
            PerQuestion(usage.GeneratedTokens),
            PerQuestion(usage.ModelCalls),
            PerQuestion(usage.SandboxRuns),
        ];
    }

    private static string Title(RunSummary summary, bool bySuite) =>
        bySuite
            ? $"model {summary.Model}, value model {summary.ValueModel ?? "none"}"
            : $"suite {summary.Suite.Id}, model {summary.Model}, value model {summary.ValueModel ?? "none"}";
}
