namespace Mario.Tool.Suites;

/// <summary>Where a data file was looked for, in search order.</summary>
/// <param name="Label">Why this folder is searched (e.g. <c>--data-dir</c>, <c>MARIO_DATA_DIR</c>, <c>cache</c>, <c>repo</c>).</param>
/// <param name="Directory">The absolute folder.</param>
public sealed record DataLocation(string Label, string Directory);
