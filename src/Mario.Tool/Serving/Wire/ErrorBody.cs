namespace Mario.Tool.Serving.Wire;

/// <summary>The inside of an OpenAI-style error answer.</summary>
/// <param name="Message">One line naming the field and what was expected.</param>
/// <param name="Type">"BadRequestError", "NotFoundError" or "InternalServerError" (vLLM's names).</param>
/// <param name="Param">The request field at fault (e.g. "max_tokens", "prompt[2]"), or null.</param>
/// <param name="Code">The HTTP status code.</param>
public sealed record ErrorBody(string Message, string Type, string? Param, int Code);
