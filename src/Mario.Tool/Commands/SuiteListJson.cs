namespace Mario.Tool.Commands;

/// <summary><c>suites list --format json</c>: every suite and whether its data is present.</summary>
/// <param name="SchemaVersion">1; bumped when a field changes meaning or is removed.</param>
/// <param name="Suites">One entry per suite, in catalogue order.</param>
/// <param name="Present">How many suites have their data file on the search path.</param>
/// <param name="Total">How many suites there are.</param>
internal sealed record SuiteListJson(int SchemaVersion, IReadOnlyList<SuiteListEntryJson> Suites, int Present, int Total);
