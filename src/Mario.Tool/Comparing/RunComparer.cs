using Mario.Tool.Runs;

namespace Mario.Tool.Comparing;

/// <summary>
/// Pairs runs of one suite on the problems they all finished and computes <see cref="ComparisonReport"/>: pure, no
/// I/O, the same runs and bootstrap settings giving the same report.
/// </summary>
public static class RunComparer
{
    /// <summary>
    /// Compares <paramref name="runs"/> (the first is the reference). Refused, with one line naming what differs, when
    /// the runs are of different suites (id, version or data sha256) or share no problem.
    /// </summary>
    /// <param name="runs">Two or more runs.</param>
    /// <param name="bootstrap">Resamples, seed and confidence of the difference intervals.</param>
    public static (ComparisonReport? Report, string? Error) Compare(IReadOnlyList<FinishedRun> runs, BootstrapSettings bootstrap)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentNullException.ThrowIfNull(bootstrap);
        ArgumentOutOfRangeException.ThrowIfLessThan(runs.Count, 2);
        if (SuiteMismatch(runs) is { } mismatch)
        {
            return (null, mismatch);
        }

        var labels = Labels(runs);
        var byId = runs.Select(r => r.Samples.ToDictionary(s => s.Id, StringComparer.Ordinal)).ToList();
        var paired = runs[0].Samples.Where(s => byId.All(d => d.ContainsKey(s.Id))).Select(s => s.Id).ToList();
        if (paired.Count == 0)
        {
            return (null, $"the runs share no problem ({string.Join(", ", runs.Select((r, i) => $"{labels[i]} has {r.Samples.Count}"))}); compare runs of the same problems");
        }

        var correct = byId.Select(d => paired.Select(id => d[id].Correct).ToList()).ToList();
        var standings = runs.Select((run, i) => Standing(run, labels[i], paired.Select(id => byId[i][id]).ToList(), correct[i])).ToList();
        var differences = Enumerable.Range(1, runs.Count - 1)
            .Select(i => Difference(labels[0], labels[i], paired, correct[0], correct[i], bootstrap))
            .ToList();
        var breakdown = Breakdown(ProblemFacet.Level, paired, byId, s => s.Level)
            .Concat(Breakdown(ProblemFacet.Subject, paired, byId, s => s.Subject))
            .ToList();
        return (new ComparisonReport(ComparisonReport.CurrentSchema, runs[0].Summary.Suite, paired.Count, bootstrap, standings, differences, breakdown), null);
    }

    /// <summary>Whether two runs read the same suite data; the message names the first field that differs.</summary>
    internal static string? SuiteMismatch(IReadOnlyList<FinishedRun> runs)
    {
        var labels = Labels(runs);
        var first = runs[0].Summary.Suite;
        for (var i = 1; i < runs.Count; i++)
        {
            var other = runs[i].Summary.Suite;
            if (Describe(first, other) is { } what)
            {
                return $"the runs are of different suites: {labels[0]} {what.First}, {labels[i]} {what.Other}; compare runs of one suite";
            }
        }

        return null;
    }

    /// <summary>The first of suite id, version and data sha256 that differs, as each side spells it, or null.</summary>
    internal static (string First, string Other)? Describe(SuiteIdentity first, SuiteIdentity other)
    {
        if (first.Id != other.Id)
        {
            return ($"is {first.Id}", $"is {other.Id}");
        }

        if (first.Version != other.Version)
        {
            return ($"has {first.Id} version {first.Version}", $"version {other.Version}");
        }

        if (!string.Equals(first.DataSha256, other.DataSha256, StringComparison.OrdinalIgnoreCase))
        {
            return ($"read {first.Id} data with sha256 {first.DataSha256}", $"with sha256 {other.DataSha256}");
        }

        return null;
    }

    private static List<string> Labels(IReadOnlyList<FinishedRun> runs)
    {
        var names = runs.Select(r => Path.GetFileName(Path.TrimEndingDirectorySeparator(r.Folder)) is { Length: > 0 } name ? name : r.Folder).ToList();
        return names.Distinct(StringComparer.Ordinal).Count() == names.Count ? names : runs.Select(r => r.Folder).ToList();
    }

    private static RunStanding Standing(FinishedRun run, string label, List<SampleLine> samples, List<bool> correct)
    {
        var n = samples.Count;
        var right = correct.Count(c => c);
        var (low, high) = Statistics.Wilson95(right, n);
        var cost = new RunCost(
            Math.Round(samples.Sum(s => s.Usage.ElapsedMs) / 1000 / n, 3),
            Math.Round((double)samples.Sum(s => s.Usage.GeneratedTokens) / n, 1),
            Math.Round((double)samples.Sum(s => s.Usage.ModelCalls) / n, 2),
            Math.Round((double)samples.Sum(s => s.Usage.SandboxRuns) / n, 2));
        var summary = run.Summary;
        return new RunStanding(label, run.Folder, summary.Model, summary.ModelSha256, summary.Strategy, summary.Solver, run.Samples.Count,
            right, Round((double)right / n), new Interval("wilson", Round(low), Round(high)), cost);
    }

    private static PairedDifference Difference(string reference, string label, List<string> ids, List<bool> first, List<bool> second, BootstrapSettings bootstrap)
    {
        int both = 0, onlyFirst = 0, onlySecond = 0, neither = 0;
        var won = new List<string>();
        var lost = new List<string>();
        for (var i = 0; i < ids.Count; i++)
        {
            switch (first[i], second[i])
            {
                case (true, true):
                    both++;
                    break;
                case (true, false):
                    onlyFirst++;
                    lost.Add(ids[i]);
                    break;
                case (false, true):
                    onlySecond++;
                    won.Add(ids[i]);
                    break;
                default:
                    neither++;
                    break;
            }
        }

        var (low, high) = PairedBootstrap.Interval(first, second, bootstrap.Confidence, bootstrap.Resamples, bootstrap.Seed);
        return new PairedDifference(reference, label, Round((double)(onlySecond - onlyFirst) / ids.Count), new Interval("paired-bootstrap", Round(low), Round(high)),
            both, onlyFirst, onlySecond, neither, McNemar.ExactTwoSided(onlyFirst, onlySecond), won, lost);
    }

    private static IEnumerable<FacetRow> Breakdown(ProblemFacet facet, List<string> ids, List<Dictionary<string, SampleLine>> byId, Func<SampleLine, string?> read)
    {
        // The reference run's value; a problem whose runs disagree on it (runs written before the suite had the
        // field) takes the first non-null one.
        var values = ids.Select(id => byId.Select(d => read(d[id])).FirstOrDefault(v => v is not null)).ToList();
        if (values.All(v => v is null))
        {
            return [];
        }

        var groups = ids.Select((id, i) => (Id: id, Value: values[i] ?? "(none)")).GroupBy(p => p.Value, StringComparer.Ordinal);
        return groups
            .OrderBy(g => g.Key, FacetOrder.Instance)
            .Select(g => new FacetRow(facet, g.Key, g.Count(), byId.Select(d => g.Count(p => d[p.Id].Correct)).ToList()))
            .ToList();
    }

    private static double Round(double value) => Math.Round(value, 4);

    /// <summary>Numbers by value (level 2 before level 10), then text ordinally.</summary>
    private sealed class FacetOrder : IComparer<string>
    {
        public static readonly FacetOrder Instance = new();

        public int Compare(string? x, string? y)
        {
            var xNumber = long.TryParse(x, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var a);
            var yNumber = long.TryParse(y, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var b);
            return xNumber && yNumber ? a.CompareTo(b) : xNumber != yNumber ? (xNumber ? -1 : 1) : string.CompareOrdinal(x, y);
        }
    }
}
