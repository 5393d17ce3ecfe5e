namespace Mario.Tool.Running;

/// <summary>One run of a comparison.</summary>
/// <param name="Label">The table label, e.g. <c>beam(3,5)</c>.</param>
/// <param name="Folder">Its sub-folder name inside the comparison folder (a plain name, no separators).</param>
/// <param name="Options">Its resolved options.</param>
public sealed record ComparisonEntry(string Label, string Folder, EvalOptions Options);
