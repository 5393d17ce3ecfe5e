namespace Mario.Search.Prompts;

/// <summary>The <c>chat</c> block of a prompt type file.</summary>
/// <param name="User">The user message, with one <c>{question}</c> placeholder.</param>
/// <param name="System">The system message, or null for none.</param>
public sealed record ChatFile(string? User, string? System = null);
