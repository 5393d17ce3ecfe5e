namespace Mario.Search.Prompts;

/// <summary>One chat message.</summary>
/// <param name="Role">Who says it.</param>
/// <param name="Content">The text.</param>
public sealed record ChatMessage(ChatRole Role, string Content);
