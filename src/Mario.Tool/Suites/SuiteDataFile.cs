namespace Mario.Tool.Suites;

/// <summary>The normalized JSONL data file of a suite.</summary>
/// <param name="File">File name (no folders), looked up in the data search path.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the whole file.</param>
/// <param name="Bytes">File size in bytes.</param>
/// <param name="Url">Optional URL serving the normalized file itself; <c>suites pull</c> prefers it over normalizing the source.</param>
public sealed record SuiteDataFile(string File, string Sha256, long Bytes, string? Url = null);
