namespace Mario.Models;

/// <summary>
/// A policy that can say, before a run, how long a prompt is and how much fits: the in-process engine knows its
/// tokenizer and window; a server reports its context length when probed. Used to warn before a run in which every
/// prompt overflows, instead of discovering it as 0%.
/// </summary>
public interface IContextWindow
{
    /// <summary>The most tokens (prompt plus generated) one sequence may hold, at least 1.</summary>
    int ContextLength { get; }

    /// <summary>How many tokens <paramref name="prompt"/> encodes to, as the model counts them.</summary>
    int CountTokens(string prompt);
}
