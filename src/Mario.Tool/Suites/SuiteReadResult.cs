using Mario.Search;

namespace Mario.Tool.Suites;

/// <summary>The problems of a data file and every problem found while reading it.</summary>
/// <param name="Problems">Problems in file order (only lines without errors).</param>
/// <param name="Errors">One line per defect, <c>file:line: field: what was expected</c>; empty when the file is valid.</param>
/// <param name="Lines">Number of non-empty lines read.</param>
public sealed record SuiteReadResult(IReadOnlyList<Problem> Problems, IReadOnlyList<string> Errors, int Lines);
