using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
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
    public static void Print(IAnsiConsole console, IReadOnlyList<(string Label, JsonObject Summary)> runs)
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
    public static string Markdown(IReadOnlyList<(string Label, JsonObject Summary)> runs)
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

    private static IEnumerable<string> Cells(string label, JsonObject summary)
    {
        var metrics = summary["metrics"]!;
        var usage = summary["usage"]!;
        var n = Math.Max(1, (int)Number(metrics["n"]!));
        string PerQuestion(string key) => (Number(usage[key]!) / n).ToString("0.0", CultureInfo.InvariantCulture);
        return
        [
            label,
            metrics["n"]!.ToString(),
            $"{Number(metrics["accuracy"]!).ToString("P1", CultureInfo.InvariantCulture)} ({metrics["correct"]})",
            metrics["noAnswer"]!.ToString(),
            metrics["errors"]!.ToString(),
            (Number(usage["meanElapsedMs"]!) / 1000).ToString("0.00", CultureInfo.InvariantCulture),
            PerQuestion("steps"),
            PerQuestion("solutions"),
            PerQuestion("promptTokens"),
            PerQuestion("generatedTokens"),
            PerQuestion("modelCalls"),
            PerQuestion("sandboxRuns"),
        ];
    }

    private static string Title(JsonObject summary) =>
        $"suite {summary["suite"]!["id"]}, model {summary["model"]}, value model {summary["valueModel"]?.ToString() ?? "none"}";

    // Summary numbers are ints or doubles depending on the field; read them uniformly.
    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);
}
