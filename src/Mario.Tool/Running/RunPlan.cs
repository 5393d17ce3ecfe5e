namespace Mario.Tool.Running;

/// <summary>
/// What <c>eval</c> will do: one run, or a group (several strategies, several suites, or both) whose folder holds
/// comparison.json and one sub-folder per run. Every run is composed before anything runs, so a bad option of the
/// last run fails before the first one starts.
/// </summary>
/// <param name="Folder">The run folder, or the group folder (absolute).</param>
/// <param name="Grouped">True for a group (comparison.json, one sub-folder per run, a combined summary.md).</param>
/// <param name="Runs">The runs in table order.</param>
public sealed record RunPlan(string Folder, bool Grouped, IReadOnlyList<PlannedRun> Runs);
