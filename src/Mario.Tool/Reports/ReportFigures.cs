using System.Globalization;
using ScottPlot;

namespace Mario.Tool.Reports;

/// <summary>
/// Draws the report's figures with ScottPlot (PNG and SVG, headless). Each method returns null when the runs hold
/// nothing to draw (no sampled run, no levels, no values), so the page simply leaves that figure out.
/// </summary>
public static class ReportFigures
{
    /// <summary>Figure width in pixels.</summary>
    public const int Width = 760;

    /// <summary>Figure height in pixels.</summary>
    public const int Height = 440;

    private static readonly Color Correct = Color.FromHex("#2ca02c");
    private static readonly Color Incorrect = Color.FromHex("#d62728");
    private static readonly Color Front = Color.FromHex("#555555");

    /// <summary>Generated tokens, seconds and model calls, each per problem.</summary>
    public static IReadOnlyList<CostMeasure> CostMeasures { get; } =
    [
        new("tokens", "generated tokens per problem", r => r.TokensPerProblem),
        new("seconds", "seconds per problem", r => r.SecondsPerProblem),
        new("model-calls", "model calls per problem", r => r.ModelCallsPerProblem),
    ];

    /// <summary>Accuracy (with its Wilson 95% interval) against a compute measure, one point per run, and the Pareto front.</summary>
    public static ReportFigure AccuracyAgainstCost(IReadOnlyList<ReportRun> runs, CostMeasure measure)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(measure);
        var costs = runs.Select(measure.Cost).ToList();
        var logScale = costs.All(c => c > 0) && costs.Max() / costs.Min() > 30;
        double X(double cost) => logScale ? Math.Log10(cost) : cost;

        using var plot = NewPlot($"Accuracy against {measure.Axis}", measure.Axis + (logScale ? " (log scale)" : ""), "accuracy (%)");
        var palette = new ScottPlot.Palettes.Category10();
        for (var i = 0; i < runs.Count; i++)
        {
            var metrics = runs[i].Summary.Metrics;
            var x = X(costs[i]);
            var y = metrics.Accuracy * 100;
            var color = palette.GetColor(i);
            var point = plot.Add.ScatterPoints(new[] { x }, new[] { y }, color);
            point.MarkerSize = 10;
            point.LegendText = runs[i].Label == runs[i].Summary.Solver ? runs[i].Label : $"{runs[i].Label}: {runs[i].Summary.Solver}";
            // ScottPlot's constructor takes the positive error before the negative one.
            var bar = new ScottPlot.Plottables.ErrorBar(new[] { x }, new[] { y }, null, null, new[] { (metrics.Ci95.High * 100) - y }, new[] { y - (metrics.Ci95.Low * 100) }) { Color = color };
            plot.Add.Plottable(bar);
            var label = plot.Add.Text(runs[i].Label, x, y);
            label.LabelFontSize = 11;
            label.OffsetX = 7;
            label.OffsetY = -7;
            label.LabelFontColor = color;
        }

        var front = ParetoFront.Indices(runs.Select((r, i) => (costs[i], r.Summary.Metrics.Accuracy)).ToList());
        if (front.Count > 1)
        {
            var line = plot.Add.ScatterLine(front.Select(i => X(costs[i])).ToArray(), front.Select(i => runs[i].Summary.Metrics.Accuracy * 100).ToArray(), Front);
            line.LinePattern = LinePattern.Dashed;
            line.LineWidth = 1.5f;
            line.MarkerSize = 0;
            line.LegendText = "Pareto front";
        }

        if (logScale)
        {
            plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
            {
                MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
                IntegerTicksOnly = true,
                LabelFormatter = v => Math.Pow(10, v).ToString("G4", CultureInfo.InvariantCulture),
            };
        }

        var xs = costs.Select(X).ToList();
        var pad = xs.Max() > xs.Min() ? (xs.Max() - xs.Min()) * 0.15 : Math.Max(1, Math.Abs(xs.Max()) * 0.5);
        plot.Axes.SetLimits(xs.Min() - pad, xs.Max() + pad, 0, 105);
        plot.ShowLegend(Edge.Right);
        var onFront = string.Join(", ", front.Select(i => runs[i].Label));
        return Render(plot, "accuracy-vs-" + measure.Name, $"Accuracy against {measure.Axis}",
            $"One point per run with its Wilson 95% interval; the dashed line joins the Pareto front (no other run is both cheaper and more accurate): {onFront}.");
    }

    /// <summary>maj@k and pass@k against k for a run that drew n samples per problem.</summary>
    public static ReportFigure SampledCurves(ReportRun run, IReadOnlyList<(int K, double PassAtK, double MajAtK)> curve, string name)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(curve);
        using var plot = NewPlot($"maj@k and pass@k: {run.Label}", "k (samples)", "accuracy (%)");
        var ks = curve.Select(c => (double)c.K).ToArray();
        var pass = plot.Add.Scatter(ks, curve.Select(c => c.PassAtK * 100).ToArray(), Color.FromHex("#1f77b4"));
        pass.LegendText = "pass@k (unbiased estimator)";
        pass.MarkerSize = 6;
        var maj = plot.Add.Scatter(ks, curve.Select(c => c.MajAtK * 100).ToArray(), Color.FromHex("#ff7f0e"));
        maj.LegendText = "maj@k (expected over k-subsets)";
        maj.MarkerSize = 6;
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
        plot.Axes.SetLimitsY(0, 105);
        plot.Axes.SetLimitsX(0.5, curve.Count + 0.5);
        plot.ShowLegend(Alignment.LowerRight);
        return Render(plot, name, $"maj@k and pass@k against k: {run.Label}",
            $"From one run that drew {curve.Count} samples per problem ({run.Summary.Solver}): pass@k is the unbiased estimator 1 - C(n-c, k)/C(n, k); maj@k is the exact expectation of a majority vote over k of the n samples, ties sharing the credit.");
    }

    /// <summary>Accuracy by difficulty level, one bar per run and level.</summary>
    public static ReportFigure AccuracyByLevel(IReadOnlyList<ReportRun> runs, LevelBreakdown breakdown)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(breakdown);
        using var plot = NewPlot("Accuracy by difficulty level", "level", "accuracy (%)");
        var palette = new ScottPlot.Palettes.Category10();
        var width = 0.8 / runs.Count;
        var bars = new List<Bar>();
        for (var r = 0; r < runs.Count; r++)
        {
            for (var l = 0; l < breakdown.Levels.Count; l++)
            {
                var (correct, problems) = breakdown.Cells[r][l];
                if (problems > 0)
                {
                    bars.Add(new Bar
                    {
                        Position = l - 0.4 + (width * (r + 0.5)),
                        Value = 100.0 * correct / problems,
                        Size = width * 0.9,
                        FillColor = palette.GetColor(r),
                        LineWidth = 0,
                    });
                }
            }

            plot.Legend.ManualItems.Add(new LegendItem { LabelText = runs[r].Label, FillColor = palette.GetColor(r) });
        }

        plot.Add.Bars(bars);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual(
            breakdown.Levels.Select((_, i) => (double)i).ToArray(), breakdown.Levels.Select(l => l).ToArray());
        plot.Axes.SetLimitsY(0, 105);
        plot.ShowLegend(Alignment.UpperRight);
        return Render(plot, "accuracy-by-level", "Accuracy by difficulty level",
            "Share of each level's problems answered correctly, per run (the level comes from the suite's data, recorded on each sample line).");
    }

    /// <summary>The distribution of a score (value or Q) of correct and incorrect final steps in one run's trees.</summary>
    public static ReportFigure FinalStepDistribution(ReportRun run, string quantity, IReadOnlyList<double> correct, IReadOnlyList<double> incorrect, string name)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(correct);
        ArgumentNullException.ThrowIfNull(incorrect);
        const int bins = 20;
        using var plot = NewPlot($"{quantity} of final steps: {run.Label}", quantity, "share of the group's final steps (%)");
        var binWidth = 2.0 / bins;
        var bars = new List<Bar>();
        foreach (var (values, color, offset) in new[] { (correct, Correct, -0.25), (incorrect, Incorrect, 0.25) })
        {
            var shares = FinalStepScores.Histogram(values, bins);
            for (var b = 0; b < bins; b++)
            {
                if (shares[b] > 0)
                {
                    bars.Add(new Bar
                    {
                        Position = -1 + (binWidth * (b + 0.5 + offset)),
                        Value = shares[b] * 100,
                        Size = binWidth * 0.48,
                        FillColor = color,
                        LineWidth = 0,
                    });
                }
            }
        }

        plot.Add.Bars(bars);
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"correct answer (n = {correct.Count})", FillColor = Correct });
        plot.Legend.ManualItems.Add(new LegendItem { LabelText = $"incorrect answer (n = {incorrect.Count})", FillColor = Incorrect });
        plot.Axes.SetLimits(-1.05, 1.05, 0, Math.Max(10, bars.Count == 0 ? 0 : bars.Max(b => b.Value) * 1.25));
        plot.ShowLegend(Alignment.UpperLeft);
        return Render(plot, name, $"{quantity} of correct and incorrect final steps: {run.Label}",
            $"Every graded answer step in the run's search trees, binned over [-1, 1] ({bins} bins), each group as a share of itself (AlphaMath's figure: how well the {quantity.ToLowerInvariant()} separates right from wrong answers).");
    }

    private static Plot NewPlot(string title, string x, string y)
    {
        var plot = new Plot();
        plot.Title(title, 15);
        plot.XLabel(x, 13);
        plot.YLabel(y, 13);
        return plot;
    }

    private static ReportFigure Render(Plot plot, string name, string title, string caption) =>
        new(name, title, caption, plot.GetSvgXml(Width, Height), plot.GetImageBytes(Width, Height, ImageFormat.Png));
}
