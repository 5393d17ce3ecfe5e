namespace Mario.Models.Scripted;

/// <summary>One canned sample of a <see cref="ScriptedRule"/>.</summary>
/// <param name="Text">Generated text. When it holds one of the request's stop sequences it is cut at the earliest one.</param>
/// <param name="Stop">The stop sequence that "fired" when <paramref name="Text"/> holds none; null means end of sequence.</param>
/// <param name="LogProb">
/// Mean natural-log probability per token, at most 0, reported for every token (so the search prior is
/// exp(LogProb)); null reports no log-probabilities (prior 1).
/// </param>
/// <param name="Finish">Why it ended; <see cref="FinishReason.Length"/> and ContextOverflow report no stop sequence.</param>
/// <param name="Tokens">Generated tokens to report, 0 to 32768; 0 counts whitespace-separated pieces (at least 1).</param>
public sealed record ScriptedSample(string Text, string? Stop = null, double? LogProb = null, FinishReason Finish = FinishReason.Stop, int Tokens = 0);
