namespace Mario.Tool.Running;

/// <summary>One run of a <see cref="RunPlan"/>: composed, with its folder and whether it continues a run.</summary>
/// <param name="Prepared">The composed run.</param>
/// <param name="Directory">Its folder.</param>
/// <param name="StartedAt">When it was first started (now, for a new run).</param>
/// <param name="Resumed">True when its run.json exists and the run continues.</param>
public sealed record PlannedRun(PreparedRun Prepared, RunDirectory Directory, DateTimeOffset StartedAt, bool Resumed)
{
    /// <summary>The table label, e.g. <c>beam(3,5)</c>.</summary>
    public string Label => Prepared.Label;
}
