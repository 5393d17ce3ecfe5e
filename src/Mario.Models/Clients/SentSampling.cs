namespace Mario.Models.Clients;

/// <summary>
/// One combination of sampling fields a client actually sent (the seed, which differs per request, aside), so that a
/// run records what the server was asked for rather than what mario meant to ask.
/// </summary>
/// <param name="Temperature">temperature.</param>
/// <param name="TopP">top_p.</param>
/// <param name="TopK">top_k (-1 = off on the wire, as vLLM and SGLang spell it; 0 here means the same).</param>
/// <param name="MinP">min_p.</param>
/// <param name="MaxTokens">max_tokens.</param>
/// <param name="Stop">The stop strings.</param>
/// <param name="Logprobs">logprobs (top alternatives per token asked for).</param>
/// <param name="Route">The endpoint used.</param>
public sealed record SentSampling(float Temperature, float TopP, int TopK, float MinP, int MaxTokens, string Stop, int Logprobs, OpenAiRoute Route);
