namespace Mario.Tool.Serving.Wire;

/// <summary>The body of a <c>POST /v1/completions</c> answer, in vLLM's shape.</summary>
/// <param name="Id">"cmpl-" and a number counting this server's requests.</param>
/// <param name="Object">Always "text_completion".</param>
/// <param name="Created">Unix seconds when the answer was made (informational only).</param>
/// <param name="Model">The served model name.</param>
/// <param name="Choices">prompts × n choices, grouped per prompt: choice i belongs to prompt i / n.</param>
/// <param name="Usage">Token counts of the whole request.</param>
public sealed record CompletionResponseBody(
    string Id,
    string Object,
    long Created,
    string Model,
    IReadOnlyList<CompletionChoiceBody> Choices,
    UsageBody Usage);
