using Mario.Tool.Serving.Wire;

namespace Mario.Tool.Serving;

/// <summary>An expected failure of one request, answered as an OpenAI-style error body; the server goes on.</summary>
/// <param name="Status">HTTP status: 400 (bad request), 404 (unknown model) or 500 (a bug).</param>
/// <param name="Param">The request field at fault, or null.</param>
/// <param name="Message">One line naming the field and what was expected.</param>
internal sealed record ServeError(int Status, string? Param, string Message)
{
    /// <summary>A 400 naming <paramref name="param"/>.</summary>
    public static ServeError BadRequest(string? param, string message) => new(400, param, message);

    /// <summary>The body to send.</summary>
    public ErrorResponseBody ToBody() => new(new ErrorBody(
        Message,
        Status switch { 400 => "BadRequestError", 404 => "NotFoundError", _ => "InternalServerError" },
        Param,
        Status));
}
