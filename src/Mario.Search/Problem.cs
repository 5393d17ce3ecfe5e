namespace Mario.Search;

/// <summary>One question to solve.</summary>
/// <param name="Id">Stable id from the suite (e.g. <c>gsm8k-test-0042</c>); seeds per-problem randomness.</param>
/// <param name="Question">The text posed to the model.</param>
/// <param name="Gold">The reference final answer; used for grading, and for rewards only in data-generation mode.</param>
public sealed record Problem(string Id, string Question, string? Gold);
