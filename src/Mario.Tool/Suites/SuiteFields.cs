namespace Mario.Tool.Suites;

/// <summary>Names of the JSONL fields that hold each part of a problem.</summary>
/// <param name="Id">Unique problem id (a string).</param>
/// <param name="Question">The text posed to the model (a string).</param>
/// <param name="Answer">The gold answer, read with the manifest's <see cref="GoldExtraction"/> (a string).</param>
/// <param name="Solution">The reference solution (a string, possibly empty), or null when the data has none.</param>
/// <param name="Level">The difficulty level (a string or an integer, e.g. MATH500's <c>level</c>), or null when the rows have none.</param>
/// <param name="Subject">The subject (a string, e.g. MATH500's <c>subject</c>), or null when the rows have none.</param>
public sealed record SuiteFields(string Id = "id", string Question = "question", string Answer = "answer", string? Solution = "solution", string? Level = null, string? Subject = null);
