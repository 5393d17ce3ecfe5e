namespace Mario.Models.Clients;

/// <summary>Which OpenAI-compatible endpoint carries generation.</summary>
public enum OpenAiRoute
{
    /// <summary><c>POST /v1/completions</c>: raw continuation of the prompt text (every strategy; step search needs it).</summary>
    Completions,

    /// <summary>
    /// <c>POST /v1/chat/completions</c> for servers that only speak chat: the prompt is sent as one user message and
    /// the reply is the completion (greedy, maj and bon; step-level search needs raw continuation).
    /// </summary>
    Chat,
}
