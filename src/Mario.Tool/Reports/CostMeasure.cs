namespace Mario.Tool.Reports;

/// <summary>One of the compute measures that accuracy is plotted against.</summary>
/// <param name="Name">File-name part (lower-case, hyphens).</param>
/// <param name="Axis">Axis label with its unit.</param>
/// <param name="Cost">The measure of a run, at least 0.</param>
public sealed record CostMeasure(string Name, string Axis, Func<ReportRun, double> Cost);
