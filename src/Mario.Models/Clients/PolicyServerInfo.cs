namespace Mario.Models.Clients;

/// <summary>
/// What a run records about an HTTP policy: each endpoint's probe, the sampling fields actually sent, and how many
/// calls were retried or failed. Typed so that run files can carry it as it is.
/// </summary>
/// <param name="Model">The served model name requested.</param>
/// <param name="Route">The generation endpoint used.</param>
/// <param name="Endpoints">One probe per endpoint, in the order given.</param>
/// <param name="Sampling">Each distinct set of sampling fields sent (seed aside), in first-sent order.</param>
/// <param name="Requests">HTTP generation requests that succeeded.</param>
/// <param name="Retries">Attempts that failed and were retried.</param>
/// <param name="Failures">Calls that still failed after their retries (each recorded on its problem's sample line).</param>
/// <param name="ShortChoices">Responses with fewer choices than <c>n</c> asked for (the server ignores <c>n</c>; the rest were asked for one by one).</param>
/// <param name="CacheHits">Generation requests answered from the model-call cache (no server call).</param>
public sealed record PolicyServerInfo(
    string Model,
    OpenAiRoute Route,
    IReadOnlyList<ServerProbe> Endpoints,
    IReadOnlyList<SentSampling> Sampling,
    long Requests,
    long Retries,
    long Failures,
    long ShortChoices,
    long CacheHits = 0);
