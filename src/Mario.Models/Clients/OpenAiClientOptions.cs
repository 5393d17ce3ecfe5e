namespace Mario.Models.Clients;

/// <summary>
/// How an <see cref="OpenAiCompatibleClient"/> talks to its servers. Immutable; check with <see cref="Validate"/>.
/// The API key is not here (records print their fields): only the name of the environment variable that holds it.
/// </summary>
public sealed record OpenAiClientOptions
{
    /// <summary>Base URLs of the replicas serving the model (with or without a trailing <c>/v1</c>), at least one.</summary>
    public required IReadOnlyList<Uri> Endpoints { get; init; }

    /// <summary>The served model name (<c>GET /v1/models</c> must list it).</summary>
    public required string Model { get; init; }

    /// <summary>Completions (default) or chat.</summary>
    public OpenAiRoute Route { get; init; } = OpenAiRoute.Completions;

    /// <summary>Name of the environment variable holding the API key (sent as a bearer token), or null for none.</summary>
    public string? ApiKeyVariable { get; init; }

    /// <summary>Top alternatives per token asked for with <c>logprobs</c> (0 to 20; 0 still returns the sampled token's log-probability on vLLM).</summary>
    public int Logprobs { get; init; } = 1;

    /// <summary>Sent as skip_special_tokens to vLLM and SGLang; false keeps added step/answer marker tokens in the text (rStar).</summary>
    public bool SkipSpecialTokens { get; init; } = true;

    /// <summary>Open connections per endpoint at most (1 to 1024); requests beyond wait for a free one.</summary>
    public int MaxConnectionsPerEndpoint { get; init; } = 128;

    /// <summary>Limit of one attempt (a long generation included), 1 s to 1 h.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Retries after a failed attempt (0 to 20); each waits an exponentially growing, jittered delay.</summary>
    public int MaxRetries { get; init; } = 6;

    /// <summary>The first retry's median delay (1 ms to 1 min); doubles per retry (with jitter), 30 s at most.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Problems with the options, each naming the field and what was expected; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Endpoints is null || Endpoints.Count == 0)
        {
            errors.Add("endpoints: at least one base URL is needed");
        }
        else
        {
            errors.AddRange(Endpoints.Where(u => !u.IsAbsoluteUri || (u.Scheme != Uri.UriSchemeHttp && u.Scheme != Uri.UriSchemeHttps))
                .Select(u => $"endpoints: '{u}' is not an absolute http(s) URL"));
        }

        if (string.IsNullOrWhiteSpace(Model))
        {
            errors.Add("model: the served model name is empty");
        }

        if (ApiKeyVariable is { } variable && (variable.Length == 0 || variable.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_'))))
        {
            errors.Add($"api-key-env: '{variable}' is not an environment variable name (letters, digits and _)");
        }

        if (Logprobs is < 0 or > 20)
        {
            errors.Add($"logprobs: expected 0..20, got {Logprobs}");
        }

        if (MaxConnectionsPerEndpoint is < 1 or > 1024)
        {
            errors.Add($"max-connections: expected 1..1024, got {MaxConnectionsPerEndpoint}");
        }

        if (AttemptTimeout < TimeSpan.FromSeconds(1) || AttemptTimeout > TimeSpan.FromHours(1))
        {
            errors.Add($"attempt-timeout: expected 1 s..1 h, got {AttemptTimeout}");
        }

        if (MaxRetries is < 0 or > 20)
        {
            errors.Add($"max-retries: expected 0..20, got {MaxRetries}");
        }

        if (RetryBaseDelay < TimeSpan.FromMilliseconds(1) || RetryBaseDelay > TimeSpan.FromMinutes(1))
        {
            errors.Add($"retry-base-delay: expected 1 ms..1 min, got {RetryBaseDelay}");
        }

        return errors;
    }
}
