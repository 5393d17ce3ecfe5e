using System.Text;
using Mario.Tool.Runs;

namespace Mario.Tool.Reports;

/// <summary>Computes a report's content from its runs and writes report.html, report.md and figures/*.png|svg.</summary>
public static class ReportBuilder
{
    /// <summary>
    /// Draws every figure the runs support. Fails as a value (never throws) when the figure library's native code
    /// cannot load on this platform.
    /// </summary>
    public static (ReportContent? Content, string? Error) Build(IReadOnlyList<ReportRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var figures = new List<ReportFigure>();
        var notes = new List<string>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        string Unique(string stem)
        {
            var name = stem;
            for (var i = 2; !names.Add(name); i++)
            {
                name = $"{stem}-{i}";
            }

            return name;
        }

        try
        {
            foreach (var measure in ReportFigures.CostMeasures)
            {
                figures.Add(ReportFigures.AccuracyAgainstCost(runs, measure));
            }

            var sampled = runs.Where(r => r.SampledK is > 1).ToList();
            foreach (var run in sampled)
            {
                var curve = SampledCurves.Compute(run.Samples, run.SampledK!.Value);
                figures.Add(ReportFigures.SampledCurves(run, curve, Unique("maj-pass-at-k-" + Slug(run.Label))));
            }

            if (sampled.Count == 0)
            {
                notes.Add("No run drew several independent samples per problem (maj or bon with samples > 1), so there is no maj@k / pass@k figure.");
            }

            if (LevelBreakdown.Of(runs) is { } levels)
            {
                figures.Add(ReportFigures.AccuracyByLevel(runs, levels));
            }
            else
            {
                notes.Add("The sample lines carry no difficulty level (the suite has none, or the runs predate it), so there is no accuracy-by-level figure.");
            }

            var anyScores = false;
            foreach (var run in runs)
            {
                var (scores, unreadable) = FinalStepScores.Collect(run.Samples);
                notes.AddRange(unreadable.Select(u => $"{run.Label}: a search tree could not be read ({u})."));
                if (scores.HasValues)
                {
                    figures.Add(ReportFigures.FinalStepDistribution(run, "Value", scores.CorrectValues, scores.IncorrectValues, Unique("final-step-value-" + Slug(run.Label))));
                }

                if (scores.HasQ)
                {
                    figures.Add(ReportFigures.FinalStepDistribution(run, "Q", scores.CorrectQ, scores.IncorrectQ, Unique("final-step-q-" + Slug(run.Label))));
                }

                anyScores |= scores.HasValues || scores.HasQ;
            }

            if (!anyScores)
            {
                notes.Add("No search tree holds a graded final step with a value or a visit count (no value model, no MCTS), so there is no value / Q figure.");
            }
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or BadImageFormatException or EntryPointNotFoundException)
        {
            return (null, $"figures cannot be drawn on this platform ({System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier}): "
                + $"SkiaSharp's native library did not load ({(ex.InnerException ?? ex).Message}); the tool carries it for linux-x64, osx and win-x64");
        }

        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sample in runs.SelectMany(r => r.Samples))
        {
            if (seen.Add(sample.Id))
            {
                ids.Add(sample.Id);
            }
        }

        return (new ReportContent(runs, figures, ids, notes), null);
    }

    /// <summary>Writes the page, the Markdown file and the figures under <paramref name="outputDirectory"/>; returns the files written.</summary>
    public static async Task<IReadOnlyList<string>> WriteAsync(ReportContent content, string outputDirectory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var figureDirectory = Path.Combine(outputDirectory, ReportContent.FigureFolder);
        Directory.CreateDirectory(figureDirectory);
        var written = new List<string>();
        foreach (var figure in content.Figures)
        {
            var png = Path.Combine(figureDirectory, figure.Name + ".png");
            var svg = Path.Combine(figureDirectory, figure.Name + ".svg");
            await File.WriteAllBytesAsync(png, figure.Png, cancellationToken).ConfigureAwait(false);
            await File.WriteAllTextAsync(svg, figure.Svg, RunJson.Utf8, cancellationToken).ConfigureAwait(false);
            written.AddRange([png, svg]);
        }

        var html = Path.Combine(outputDirectory, ReportContent.HtmlFile);
        var markdown = Path.Combine(outputDirectory, ReportContent.MarkdownFile);
        await File.WriteAllTextAsync(html, HtmlReport.Render(content), RunJson.Utf8, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(markdown, MarkdownReport.Render(content), RunJson.Utf8, cancellationToken).ConfigureAwait(false);
        written.InsertRange(0, [html, markdown]);
        return written;
    }

    /// <summary>A file-name stem from a run label: lower-case ASCII letters and digits, other runs of characters as one hyphen.</summary>
    public static string Slug(string label)
    {
        ArgumentNullException.ThrowIfNull(label);
        var slug = new StringBuilder();
        foreach (var c in label.ToLowerInvariant())
        {
            if (c is (>= 'a' and <= 'z') or (>= '0' and <= '9'))
            {
                slug.Append(c);
            }
            else if (slug.Length > 0 && slug[^1] != '-')
            {
                slug.Append('-');
            }
        }

        var text = slug.ToString().Trim('-');
        return text.Length == 0 ? "run" : text;
    }
}
