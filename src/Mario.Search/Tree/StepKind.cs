namespace Mario.Search.Tree;

/// <summary>What a node's step is.</summary>
public enum StepKind
{
    /// <summary>The root: the question, no step text.</summary>
    Root,

    /// <summary>A reasoning step with no code and no answer.</summary>
    Thought,

    /// <summary>A code step (its observation attached to the text when it closes a block).</summary>
    Code,

    /// <summary>A final-answer step.</summary>
    Answer,

    /// <summary>Text that could not be parsed or did not fit.</summary>
    Invalid,
}
