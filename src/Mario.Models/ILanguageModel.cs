namespace Mario.Models;

/// <summary>
/// What search needs from any policy backend: an OpenAI-compatible server, the in-process CPU engine,
/// or a scripted fake in tests. Batch-first so that backends that batch (servers, the CPU engine) can.
/// </summary>
public interface ILanguageModel
{
    /// <summary>A stable identifier recorded in run summaries, e.g. <c>tiny</c> or <c>openai:http://127.0.0.1:8000/v1#qwen</c>.</summary>
    string Id { get; }

    /// <summary>
    /// Generates <see cref="GenerationRequest.Count"/> completions for every request.
    /// The outer list has one entry per request, in order; each inner list has exactly <c>Count</c> completions.
    /// </summary>
    ValueTask<IReadOnlyList<IReadOnlyList<Completion>>> GenerateAsync(
        IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken);
}
