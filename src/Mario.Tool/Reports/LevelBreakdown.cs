using System.Globalization;

namespace Mario.Tool.Reports;

/// <summary>Accuracy by the suite's difficulty level (the <c>level</c> of each sample line), run by run.</summary>
/// <param name="Levels">Every level seen in any run: numerically when all are numbers, else ordinally.</param>
/// <param name="Cells">Per run (in report order) and level: (correct, problems); (0, 0) where the run has none.</param>
public sealed record LevelBreakdown(IReadOnlyList<string> Levels, IReadOnlyList<IReadOnlyList<(int Correct, int Problems)>> Cells)
{
    /// <summary>The breakdown, or null when no sample line of any run has a level.</summary>
    public static LevelBreakdown? Of(IReadOnlyList<ReportRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var levels = runs.SelectMany(r => r.Samples).Select(s => s.Level).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        if (levels.Count == 0)
        {
            return null;
        }

        var numeric = levels.All(l => double.TryParse(l, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        levels = numeric
            ? [.. levels.OrderBy(l => double.Parse(l, CultureInfo.InvariantCulture))]
            : [.. levels.Order(StringComparer.Ordinal)];
        var cells = runs.Select(run => (IReadOnlyList<(int, int)>)levels
            .Select(level => run.Samples.Where(s => s.Level == level).ToList())
            .Select(lines => (lines.Count(s => s.Correct), lines.Count))
            .ToList()).ToList();
        return new LevelBreakdown(levels, cells);
    }
}
