namespace Mario.Search.Prompts;

/// <summary>The author of a chat message (a closed set).</summary>
public enum ChatRole
{
    /// <summary>The system message.</summary>
    System,

    /// <summary>A user turn.</summary>
    User,

    /// <summary>An assistant turn (a demonstration's solution, or the steps so far as the message to continue).</summary>
    Assistant,
}
