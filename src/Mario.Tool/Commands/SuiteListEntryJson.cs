namespace Mario.Tool.Commands;

/// <summary>One suite in <see cref="SuiteListJson"/>.</summary>
/// <param name="Id">Suite id.</param>
/// <param name="Rows">Problems in the data file.</param>
/// <param name="Present">Whether the data file was found.</param>
/// <param name="Path">Where it was found, or null.</param>
/// <param name="Location">Which search location held it (e.g. cache), or null.</param>
/// <param name="License">Licence of the data.</param>
/// <param name="Role">eval, train, few-shot, ...</param>
/// <param name="Compare">The compare mode (math, numeric, choice, ...).</param>
internal sealed record SuiteListEntryJson(string Id, int Rows, bool Present, string? Path, string? Location, string License, string Role, string Compare);
