using Mario.Models;
using Mario.Models.Clients;
using Mario.Tool.Cli;

namespace Mario.Tool.Running;

/// <summary>
/// An <c>openai:URL[,URL...]#NAME</c> policy as a run uses it: the connected <see cref="OpenAiCompatibleClient"/>
/// (probed once) behind the model-call cache unless <c>--no-cache</c>.
/// </summary>
public sealed class ServerPolicy : IDisposable
{
    private readonly OpenAiCompatibleClient _client;
    private readonly CachingLanguageModel? _cache;

    private ServerPolicy(OpenAiCompatibleClient client, CachingLanguageModel? cache)
    {
        _client = client;
        _cache = cache;
    }

    /// <summary>The policy to generate with (the cache, or the client itself).</summary>
    public ILanguageModel Model => (ILanguageModel?)_cache ?? _client;

    /// <summary>
    /// The context window the server reported at its probe (the smallest over its endpoints), with token counts
    /// estimated from the text (no tokenizer on this side), or null when no endpoint said it.
    /// </summary>
    public IContextWindow? ContextWindow => _client.ContextLength is int length and > 0 ? new FixedContextWindow(length) : null;

    /// <summary>What the run records: probes, sampling sent, counts, cache hits.</summary>
    public PolicyServerInfo Info => _client.Info with { CacheHits = _cache?.Hits ?? 0 };

    /// <summary>
    /// Connects: probes every endpoint; an unreachable one gives exit code 3 naming its URL, a server that does not
    /// serve the model (or wants a key) one usage line.
    /// </summary>
    public static async Task<(ServerPolicy? Policy, CliFailure? Failure)> ConnectAsync(ModelSpec spec, PolicyClientSettings settings, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(settings);
        var options = new OpenAiClientOptions
        {
            Endpoints = spec.EndpointUrls(),
            Model = spec.Name!,
            Route = settings.Chat ? OpenAiRoute.Chat : OpenAiRoute.Completions,
            ApiKeyVariable = settings.ApiKeyVariable,
            MaxRetries = settings.Retries,
        };
        OpenAiCompatibleClient client;
        try
        {
            client = await OpenAiCompatibleClient.ConnectAsync(options, time, cancellationToken).ConfigureAwait(false);
        }
        catch (BackendUnreachableException ex)
        {
            return (null, new CliFailure(ExitCodes.BackendUnreachable, $"--model {spec}: {ex.Message}; start the server or check the URL"));
        }
        catch (ModelServerException ex)
        {
            return (null, CliFailure.Usage($"--model {spec}: {ex.Message}"));
        }
        catch (ArgumentException ex)
        {
            return (null, CliFailure.Usage($"--model {spec}: {ex.Message.Split(" (Parameter", 2)[0]}"));
        }

        if (settings.NoCache)
        {
            return (new ServerPolicy(client, null), null);
        }

        try
        {
            return (new ServerPolicy(client, CachingLanguageModel.Open(client, client.Fingerprint, settings.ResolvedCacheDirectory(), settings.CacheSampled)), null);
        }
        catch (IOException ex)
        {
            client.Dispose();
            return (null, CliFailure.Usage($"{ex.Message} (choose another folder with --cache DIR, or --no-cache)"));
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cache?.Dispose();
        _client.Dispose();
    }
}
