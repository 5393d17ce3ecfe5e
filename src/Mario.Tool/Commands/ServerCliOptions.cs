using System.CommandLine;
using System.Globalization;
using Mario.Tool.Running;

namespace Mario.Tool.Commands;

/// <summary>
/// The sampling and model-server options of <c>eval</c> (<c>--temperature</c>, <c>--top-p</c>, <c>--top-k</c>,
/// <c>--min-p</c>, <c>--api-key-env</c>, <c>--chat</c>, <c>--cache</c>, <c>--no-cache</c>, <c>--cache-sampled</c>) and
/// their binding to <see cref="PolicyClientSettings"/>. The request seed derives from <c>--seed</c> (the run seed) and
/// is sent with every request.
/// </summary>
public static class ServerCliOptions
{
    /// <summary><c>--temperature T</c>: the strategy's sampling temperature (same as <c>-O temperature=T</c>).</summary>
    public static readonly Option<float?> Temperature = new("--temperature")
    {
        Description = "Sampling temperature of the strategy (shorthand for -O temperature=T; greedy is always 0)",
    };

    /// <summary><c>--top-p P</c>.</summary>
    public static readonly Option<float> TopP = new("--top-p")
    {
        Description = "Nucleus mass sent with every request, (0, 1] (default 1 = off; always sent, so no server default applies)",
        DefaultValueFactory = _ => 1f,
    };

    /// <summary><c>--top-k K</c>.</summary>
    public static readonly Option<int> TopK = new("--top-k")
    {
        Description = "Top-k sent with every request (default 0 = off, sent as -1)",
        DefaultValueFactory = _ => 0,
    };

    /// <summary><c>--min-p P</c>.</summary>
    public static readonly Option<float> MinP = new("--min-p")
    {
        Description = "Min-p sent with every request, [0, 1) (default 0 = off; model servers only)",
        DefaultValueFactory = _ => 0f,
    };

    /// <summary><c>--api-key-env VAR</c>.</summary>
    public static readonly Option<string?> ApiKeyEnv = new("--api-key-env")
    {
        Description = "Name of the environment variable holding the server's API key (the key itself is never stored or printed)",
    };

    /// <summary><c>--chat</c>.</summary>
    public static readonly Option<bool> Chat = new("--chat")
    {
        Description = "Talk to /v1/chat/completions (for servers that only speak chat; greedy, maj and bon) instead of /v1/completions",
    };

    /// <summary><c>--cache DIR</c>.</summary>
    public static readonly Option<string?> Cache = new("--cache")
    {
        Description = "Folder of the model-call cache (default $XDG_CACHE_HOME/mario, else ~/.cache/mario); temperature-0 requests are cached by default",
    };

    /// <summary><c>--no-cache</c>.</summary>
    public static readonly Option<bool> NoCache = new("--no-cache")
    {
        Description = "Neither read nor write the model-call cache",
    };

    /// <summary><c>--cache-sampled</c>.</summary>
    public static readonly Option<bool> CacheSampled = new("--cache-sampled")
    {
        Description = "Cache sampled requests too, keyed by their seed (reproducible only on the same server build)",
    };

    /// <summary><c>--retries N</c>.</summary>
    public static readonly Option<int> Retries = new("--retries")
    {
        Description = "Retries of a failed server request (timeouts, 429, 5xx, resets, malformed JSON), 0..20, backoff from 0.5 s doubling with jitter (default 6); a problem that still fails is recorded with its error and redone by --resume",
        DefaultValueFactory = _ => 6,
    };

    /// <summary>Every option, for adding to a command and for the resume conflict check.</summary>
    public static IReadOnlyList<Option> All { get; } = [Temperature, TopP, TopK, MinP, ApiKeyEnv, Chat, Cache, NoCache, CacheSampled, Retries];

    /// <summary>Adds the options to a command.</summary>
    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        foreach (var option in All)
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The settings as given (validated later with the model kind known).</summary>
    public static PolicyClientSettings Bind(ParseResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new PolicyClientSettings(
            result.GetValue(TopP),
            result.GetValue(TopK),
            result.GetValue(MinP),
            result.GetValue(ApiKeyEnv),
            result.GetValue(Chat),
            result.GetValue(Cache) is { } dir ? Path.GetFullPath(dir) : null,
            result.GetValue(NoCache),
            result.GetValue(CacheSampled),
            result.GetValue(Retries));
    }

    /// <summary>
    /// Adds <c>--temperature</c> to the strategy options given with <c>-O</c>; a contradiction is an error naming both.
    /// </summary>
    public static string? ApplyTemperature(ParseResult result, IDictionary<string, string> strategyOptions)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(strategyOptions);
        if (result.GetValue(Temperature) is not { } t)
        {
            return null;
        }

        var text = t.ToString(CultureInfo.InvariantCulture);
        if (strategyOptions.TryGetValue("temperature", out var given) && given != text)
        {
            return $"--temperature {text} contradicts --option temperature={given}; give one of them";
        }

        strategyOptions["temperature"] = text;
        return null;
    }
}
