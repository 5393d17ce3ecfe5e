namespace Mario.Tool.Serving.Wire;

/// <summary>An OpenAI-style error answer: <c>{"error": {...}}</c>.</summary>
/// <param name="Error">What went wrong.</param>
public sealed record ErrorResponseBody(ErrorBody Error);
