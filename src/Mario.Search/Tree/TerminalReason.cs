namespace Mario.Search.Tree;

/// <summary>Why a node ends its branch (a closed set; the reference stores English sentences as final answers instead).</summary>
public enum TerminalReason
{
    /// <summary>The step states a final answer.</summary>
    Answered,

    /// <summary>The branch reached the depth limit without an answer (reference TOO_MANY_STEPS).</summary>
    MaxDepth,

    /// <summary>Too many consecutive code steps failed (reference TOO_MANY_CODE_ERRORS).</summary>
    TooManyCodeErrors,

    /// <summary>The generated text is not a valid step in the step format (reference NO_VALID_CHILD).</summary>
    Unparsable,

    /// <summary>The prompt plus step no longer fit the model's context window.</summary>
    ContextOverflow,

    /// <summary>The step used its whole token budget without reaching a stop sequence (the reference counts it as NO_VALID_CHILD).</summary>
    TokenBudget,
}
