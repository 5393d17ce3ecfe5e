namespace Mario.Search.Prompts;

/// <summary>One demonstration of a few-shot pool.</summary>
/// <param name="Id">Its id in the pool file; recorded in run files when a prompt uses it.</param>
/// <param name="Question">The demonstration's question.</param>
/// <param name="Solution">The worked solution, in the output format the step format parses.</param>
public sealed record FewShotExample(string Id, string Question, string Solution);
