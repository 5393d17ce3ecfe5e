using Mario.Tool.Runs;
using Spectre.Console;

namespace Mario.Tool.Reporting;

/// <summary>
/// Writes the results of <c>eval</c> to standard output: the results table and the folder, or (<c>--format json</c>)
/// one JSON object <c>{"folder": ..., "runs": [{"label", "folder", "summary"}]}</c> whose summaries are summary.json.
/// </summary>
/// <param name="console">The standard-output console (tables).</param>
/// <param name="writer">The standard-output writer (JSON).</param>
/// <param name="format">Table or JSON.</param>
public sealed class ResultsOutput(IAnsiConsole console, TextWriter writer, OutputFormat format)
{
    /// <summary>Writes the finished runs, in table order.</summary>
    /// <param name="runs">Each run's table label, folder and summary (as written to summary.json).</param>
    /// <param name="folder">The run folder, or the comparison folder holding the runs.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task WriteAsync(IReadOnlyList<(string Label, string Folder, RunSummary Summary)> runs, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (format == OutputFormat.Json)
        {
            var document = new EvalResults(folder, runs.Select(r => new EvalResultRun(r.Label, r.Folder, r.Summary)).ToList());
            await writer.WriteAsync(RunJson.Serialize(document).AsMemory(), cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        ResultTable.Print(console, runs.Select(r => (r.Label, r.Summary)).ToList());
        console.WriteLine((runs.Count > 1 ? "comparison folder: " : "run folder: ") + folder);
    }
}
