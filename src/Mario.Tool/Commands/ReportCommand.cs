using System.CommandLine;
using Mario.Tool.Cli;
using Mario.Tool.Reports;

namespace Mario.Tool.Commands;

/// <summary>
/// <c>mario report RUN... -o DIR</c>: a self-contained HTML page and a Markdown file with PNG and SVG figures
/// (accuracy against compute with the Pareto front, maj@k and pass@k, accuracy by level, value / Q of final steps)
/// and a per-problem table linking each problem to its search tree.
/// </summary>
public static class ReportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var runs = new Argument<string[]>("RUN")
        {
            Description = "Run folders written by `dotnet mario eval` (or a comparison folder, standing for its runs).",
            Arity = ArgumentArity.OneOrMore,
        };
        var output = new Option<string>("--output", "-o") { Description = "Folder to write report.html, report.md and figures/ into (created if missing).", Required = true };
        var command = new Command(
            "report",
            """
            Write a report of one or more finished runs: report.html (self-contained, no scripts), report.md, and
            figures/*.png and *.svg: accuracy against generated tokens, seconds and model calls with the Pareto front;
            maj@k and pass@k against k for runs that drew several samples; accuracy by difficulty level; the value and Q
            of correct and incorrect final steps; and a table linking every problem to its search tree.

            Examples:
              dotnet mario report runs/greedy runs/maj runs/mcts -o report       three runs side by side
              dotnet mario report runs/comparison -o report                    every run of a default comparison
              dotnet mario eval --strategy maj -k 16 -o runs/maj16 && dotnet mario report runs/maj16 -o report
            """);
        command.Arguments.Add(runs);
        command.Options.Add(output);
        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            var error = result.InvocationConfiguration.Error;
            var (read, readError) = await ReportRunReader.ReadAsync(result.GetValue(runs)!, cancellationToken).ConfigureAwait(false);
            if (read is null)
            {
                await error.WriteLineAsync("error: " + readError).ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var target = result.GetValue(output)!;
            if (File.Exists(target))
            {
                await error.WriteLineAsync($"error: --output {target}: expected a folder, found a file").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var (content, buildError) = ReportBuilder.Build(read);
            if (content is null)
            {
                await error.WriteLineAsync("error: " + buildError).ConfigureAwait(false);
                return ExitCodes.Failure;
            }

            Directory.CreateDirectory(target);
            var written = await ReportBuilder.WriteAsync(content, target, cancellationToken).ConfigureAwait(false);
            var stdout = result.InvocationConfiguration.Output;
            await stdout.WriteLineAsync($"wrote {Path.Combine(target, ReportContent.HtmlFile)}, {Path.Combine(target, ReportContent.MarkdownFile)} and {content.Figures.Count} figures (PNG and SVG) under {Path.Combine(target, ReportContent.FigureFolder)}").ConfigureAwait(false);
            foreach (var note in content.Notes)
            {
                await stdout.WriteLineAsync("note: " + note).ConfigureAwait(false);
            }

            return written.Count > 0 ? ExitCodes.Ok : ExitCodes.Failure;
        });
        return command;
    }
}
