namespace Mario.Search;

/// <summary>One question to solve.</summary>
/// <param name="Id">Stable id from the suite (e.g. <c>gsm8k-test-0042</c>); seeds per-problem randomness.</param>
/// <param name="Question">The text posed to the model.</param>
/// <param name="Gold">The reference final answer; used for grading, and for rewards only in data-generation mode.</param>
/// <param name="Level">The suite's difficulty level for the problem (e.g. MATH's <c>3</c>), or null; only reported, never searched on.</param>
/// <param name="Subject">The suite's subject for the problem (e.g. <c>Algebra</c>), or null; only reported, never searched on.</param>
public sealed record Problem(string Id, string Question, string? Gold, string? Level = null, string? Subject = null);
