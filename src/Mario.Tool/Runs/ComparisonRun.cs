namespace Mario.Tool.Runs;

/// <summary>One run of a <see cref="ComparisonManifest"/>.</summary>
/// <param name="Label">The table label, e.g. <c>beam(3,5)</c>.</param>
/// <param name="Folder">Its sub-folder name inside the group folder (a plain name, no separators).</param>
/// <param name="Options">Its resolved options.</param>
public sealed record ComparisonRun(string Label, string Folder, RunOptions Options);
