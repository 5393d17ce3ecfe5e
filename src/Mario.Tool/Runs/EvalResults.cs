namespace Mario.Tool.Runs;

/// <summary>What <c>eval --format json</c> prints on standard output: the folder and each run's summary.</summary>
/// <param name="Folder">The run folder, or the group folder of a comparison.</param>
/// <param name="Runs">The runs in table order.</param>
public sealed record EvalResults(string Folder, IReadOnlyList<EvalResultRun> Runs);
