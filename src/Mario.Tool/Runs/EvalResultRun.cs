namespace Mario.Tool.Runs;

/// <summary>One run of <see cref="EvalResults"/>.</summary>
/// <param name="Label">The table label (the strategy with its options).</param>
/// <param name="Folder">The run's folder (absolute).</param>
/// <param name="Summary">Its summary.json.</param>
public sealed record EvalResultRun(string Label, string Folder, RunSummary Summary);
