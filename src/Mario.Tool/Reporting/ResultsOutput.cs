using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Writes the finished runs, in table order.</summary>
    /// <param name="runs">Each run's table label, folder and summary (as written to summary.json).</param>
    /// <param name="folder">The run folder, or the comparison folder holding the runs.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    public async Task WriteAsync(IReadOnlyList<(string Label, string Folder, RunSummary Summary)> runs, string folder, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(runs);
        if (format == OutputFormat.Json)
        {
            var array = new JsonArray();
            foreach (var (label, runFolder, summary) in runs)
            {
                array.Add(new JsonObject { ["label"] = label, ["folder"] = runFolder, ["summary"] = JsonNode.Parse(RunJson.Serialize(summary)) });
            }

            var document = new JsonObject { ["folder"] = folder, ["runs"] = array };
            await writer.WriteLineAsync(document.ToJsonString(Indented).AsMemory(), cancellationToken).ConfigureAwait(false);
            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            return;
        }

        ResultTable.Print(console, runs.Select(r => (r.Label, r.Summary)).ToList());
        console.WriteLine((runs.Count > 1 ? "comparison folder: " : "run folder: ") + folder);
    }
}
