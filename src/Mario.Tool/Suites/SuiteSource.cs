namespace Mario.Tool.Suites;

/// <summary>The pinned original file the normalized data was derived from.</summary>
/// <param name="Repo">GitHub owner/name.</param>
/// <param name="Commit">The commit the file was read at (40 hex digits).</param>
/// <param name="Path">Path inside the repository.</param>
/// <param name="Url">Raw download URL pinned to <paramref name="Commit"/>.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the source file.</param>
/// <param name="Bytes">Source file size in bytes.</param>
public sealed record SuiteSource(string Repo, string Commit, string Path, string Url, string Sha256, long Bytes);
