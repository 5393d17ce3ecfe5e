namespace Mario.Search;

/// <summary>Why a problem ended without an answer (a closed set, recorded on its sample line and counted in the summary).</summary>
public enum NoAnswerReason
{
    /// <summary>The model's steps did not parse in the step format (e.g. no <c>Action:</c> or <c>Final Answer:</c> in ReAct).</summary>
    FormatMismatch,

    /// <summary>The prompt (with its few-shots) and steps no longer fit the model's context window.</summary>
    ContextOverflow,

    /// <summary>Every branch reached the depth limit without an answer.</summary>
    MaxDepth,

    /// <summary>Steps used their whole token budget (<c>--max-tokens</c>) without reaching a stop sequence.</summary>
    TokenBudget,

    /// <summary>Too many consecutive code steps failed.</summary>
    CodeErrors,

    /// <summary>The search ended (its budget spent) with no branch finished.</summary>
    Unfinished,

    /// <summary>Solving the problem failed with an error (recorded on the sample line); the run went on.</summary>
    Error,
}
