using Mario.Tool.Runs;

namespace Mario.Tool.Reports;

/// <summary>One finished run as the report sees it: its folder, a short label, summary.json and every sample line.</summary>
/// <param name="Folder">The run folder as the user named it (or as found inside a comparison folder).</param>
/// <param name="Label">A short name for tables and legends: the folder's name, made unique among the report's runs.</param>
/// <param name="Summary">summary.json, read through <see cref="RunJson"/>.</param>
/// <param name="Samples">samples.jsonl, read through <see cref="RunJson"/>, in file order.</param>
public sealed record ReportRun(string Folder, string Label, RunSummary Summary, IReadOnlyList<SampleLine> Samples)
{
    /// <summary>Problems the run answered (sample lines), at least 1 for the per-problem means.</summary>
    public int Problems => Math.Max(1, Samples.Count);

    /// <summary>Mean generated tokens per problem.</summary>
    public double TokensPerProblem => Summary.Usage.GeneratedTokens / (double)Problems;

    /// <summary>Mean wall-clock seconds per problem (a measurement: it varies with the machine and its load).</summary>
    public double SecondsPerProblem => Summary.Usage.MeanElapsedMs / 1000.0;

    /// <summary>Mean model calls (generation requests) per problem.</summary>
    public double ModelCallsPerProblem => Summary.Usage.ModelCalls / (double)Problems;

    /// <summary>
    /// Samples drawn per problem when the run drew independent samples (maj, bon: summary.json has pass@k), else null.
    /// </summary>
    public int? SampledK => Summary.Metrics.PassAtK is { Count: > 0 } passAtK ? passAtK.Count : null;
}
