namespace Mario.Tool.Suites;

/// <summary>Names of the JSONL fields that hold each part of a problem.</summary>
/// <param name="Id">Unique problem id (a string).</param>
/// <param name="Question">The text posed to the model (a string).</param>
/// <param name="Answer">The gold answer, read with the manifest's <see cref="GoldExtraction"/> (a string).</param>
/// <param name="Solution">The reference solution (a string, possibly empty), or null when the data has none.</param>
public sealed record SuiteFields(string Id = "id", string Question = "question", string Answer = "answer", string? Solution = "solution");
