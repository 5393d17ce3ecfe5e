using System.Globalization;

namespace Mario.Tool.Running;

/// <summary>
/// How an <c>eval</c> run samples and talks to an HTTP policy (<c>--top-p</c>, <c>--top-k</c>, <c>--min-p</c>,
/// <c>--api-key-env</c>, <c>--chat</c>, <c>--cache</c>, <c>--no-cache</c>, <c>--cache-sampled</c>); stored in run.json
/// so a resume talks the same way. Holds the name of the API key's environment variable, never the key.
/// </summary>
/// <param name="TopP">Nucleus mass sent with every request, in (0, 1]; 1 is off.</param>
/// <param name="TopK">Top-k sent with every request; 0 is off (sent as -1).</param>
/// <param name="MinP">Min-p sent with every request, in [0, 1); 0 is off. Servers only.</param>
/// <param name="ApiKeyVariable">The environment variable holding the API key, or null.</param>
/// <param name="Chat">Use <c>/v1/chat/completions</c> instead of <c>/v1/completions</c>.</param>
/// <param name="CacheDirectory">The model-call cache folder, or null for the default (<c>$XDG_CACHE_HOME/mario</c>, else <c>~/.cache/mario</c>).</param>
/// <param name="NoCache">Bypass the cache entirely.</param>
/// <param name="CacheSampled">Cache sampled requests too (keyed by their seed), not only temperature-0 ones.</param>
/// <param name="Retries">Retries of a failed server request, 0 to 20, with jittered exponential backoff from 0.5 s.</param>
public sealed record PolicyClientSettings(
    float TopP = 1f,
    int TopK = 0,
    float MinP = 0f,
    string? ApiKeyVariable = null,
    bool Chat = false,
    string? CacheDirectory = null,
    bool NoCache = false,
    bool CacheSampled = false,
    int Retries = 6)
{
    /// <summary>The defaults (nothing given).</summary>
    public static PolicyClientSettings Default { get; } = new();

    /// <summary>One line naming the first bad option and what was expected, or null when valid.</summary>
    /// <param name="server">True when the policy is an HTTP server (the server-only options are allowed).</param>
    public string? Validate(bool server)
    {
        if (!(TopP > 0 && TopP <= 1))
        {
            return $"--top-p {F(TopP)}: expected a number in (0, 1], e.g. --top-p 0.95";
        }

        if (TopK < 0)
        {
            return $"--top-k {TopK}: expected 0 (off) or a positive count, e.g. --top-k 40";
        }

        if (!(MinP >= 0 && MinP < 1))
        {
            return $"--min-p {F(MinP)}: expected a number in [0, 1), e.g. --min-p 0.05";
        }

        if (ApiKeyVariable is { } variable && (variable.Length == 0 || variable.Any(c => !(char.IsAsciiLetterOrDigit(c) || c == '_')) || char.IsAsciiDigit(variable[0])))
        {
            return $"--api-key-env {variable}: expected the name of an environment variable (letters, digits, _), e.g. --api-key-env OPENAI_API_KEY";
        }

        if (Retries is < 0 or > 20)
        {
            return $"--retries {Retries}: expected 0..20, e.g. --retries 6";
        }

        if (NoCache && (CacheDirectory is not null || CacheSampled))
        {
            return $"--no-cache contradicts {(CacheDirectory is not null ? "--cache" : "--cache-sampled")}; give one of them";
        }

        if (!server)
        {
            var serverOnly = (MinP != 0 ? "--min-p" : null) ?? (ApiKeyVariable is not null ? "--api-key-env" : null) ?? (Chat ? "--chat" : null)
                ?? (CacheDirectory is not null ? "--cache" : null) ?? (CacheSampled ? "--cache-sampled" : null);
            if (serverOnly is not null)
            {
                return $"{serverOnly} applies to a model server (--model openai:URL#NAME); the in-process engine does not take it";
            }
        }

        return null;
    }

    /// <summary>The cache folder to use: the one given, else <c>$XDG_CACHE_HOME/mario</c>, else <c>~/.cache/mario</c>.</summary>
    public string ResolvedCacheDirectory() =>
        CacheDirectory is { } given ? Path.GetFullPath(given)
        : Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg ? Path.Combine(xdg, "mario")
        : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "mario");

    private static string F(float value) => value.ToString(CultureInfo.InvariantCulture);
}
