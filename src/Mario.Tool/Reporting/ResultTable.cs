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
        console.WriteLine(Title(runs[0].Summary));
        var table = new Table().AddColumns(Columns);
        foreach (var (label, summary) in runs)
        {
            table.AddRow(Cells(label, summary).Select(Markup.Escape).ToArray());
        }

        console.Write(table);
    }

    /// <summary>The same table as Markdown, for a comparison folder's summary.md.</summary>
    public static string Markdown(IReadOnlyList<(string Label, RunSummary Summary)> runs)
    {
        var text = new StringBuilder();
        text.Append(Title(runs[0].Summary)).Append("\n\n");
        text.Append("| ").Append(string.Join(" | ", Columns)).Append(" |\n");
        text.Append('|').Append(string.Concat(Columns.Select((_, i) => i < 1 ? "---|" : "---:|"))).Append('\n');
        foreach (var (label, summary) in runs)
        {
            text.Append("| ").Append(string.Join(" | ", Cells(label, summary))).Append(" |\n");
        }

        return text.ToString();
    }

    private static IEnumerable<string> Cells(string label, RunSummary summary)
    {
        var metrics = summary.Metrics;
        var usage = summary.Usage;
        var n = Math.Max(1, metrics.N);
        string PerQuestion(double total) => (total / n).ToString("0.0", CultureInfo.InvariantCulture);
        return
        [
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

    private static string Title(RunSummary summary) =>
        $"suite {summary.Suite.Id}, model {summary.Model}, value model {summary.ValueModel ?? "none"}";
}
