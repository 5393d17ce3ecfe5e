using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Mario.Models.Clients;

/// <summary>
/// The policy over HTTP: vLLM, SGLang and llama.cpp servers through <c>POST /v1/completions</c> (raw continuation) or
/// <c>/v1/chat/completions</c>. One HTTP request carries the <c>n</c> samples of one generation request (so the
/// server's prefix cache shares the prompt); a server that returns fewer choices than <c>n</c> is asked again, one
/// sample per request. Requests of one call go out together over keep-alive connections (bounded per endpoint) to the
/// least-loaded replica. Transient failures (timeouts, 429, 5xx, resets, malformed or truncated JSON) are retried with
/// jittered exponential backoff; a call that still fails throws <see cref="ModelServerException"/> (its problem is
/// recorded with the error and the run goes on), and a server that refuses connections through every retry throws
/// <see cref="BackendUnreachableException"/>. The API key is read from the named environment variable and is sent
/// only in the Authorization header: it is in no message, log or record.
/// </summary>
public sealed class OpenAiCompatibleClient : ILanguageModel, IDisposable
{
    private static readonly TimeSpan DownPenalty = TimeSpan.FromSeconds(2);
    private readonly OpenAiClientOptions _options;
    private readonly Endpoint[] _endpoints;
    private readonly HttpClient _http;
    private readonly ResiliencePipeline _pipeline;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<SentSampling, long> _sampling = new();
    private readonly Lock _pickGate = new();
    private long _samplingOrder;
    private long _requests;
    private long _retries;
    private long _failures;
    private long _shortChoices;
    private volatile bool _ignoresN;

    private OpenAiCompatibleClient(OpenAiClientOptions options, string id, HttpClient http, Endpoint[] endpoints, TimeProvider time)
    {
        _options = options;
        Id = id;
        _http = http;
        _endpoints = endpoints;
        _time = time;
        _pipeline = BuildPipeline(options.MaxRetries, options, () => Interlocked.Increment(ref _retries), time);
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <summary>What each endpoint reported when probed.</summary>
    public IReadOnlyList<ServerProbe> Probes => _endpoints.Select(e => e.Probe!).ToList();

    /// <summary>
    /// The identity of the model server for cache keys: sha256 over the served name, the server software, its version
    /// and context length (not the URLs, so replicas and a moved server share entries).
    /// </summary>
    public string Fingerprint { get; private set; } = "";

    /// <summary>The smallest context length the endpoints reported, or null when none did.</summary>
    public int? ContextLength => _endpoints.Select(e => e.Probe?.ContextLength).Where(c => c is not null).Min();

    /// <summary>HTTP generation requests that succeeded so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>What a run records about this client (probes, sampling sent, retry and failure counts).</summary>
    public PolicyServerInfo Info => new(
        _options.Model,
        _options.Route,
        Probes,
        _sampling.OrderBy(p => p.Value).Select(p => p.Key).ToList(),
        Interlocked.Read(ref _requests),
        Interlocked.Read(ref _retries),
        Interlocked.Read(ref _failures),
        Interlocked.Read(ref _shortChoices));

    /// <summary>
    /// Probes every endpoint (<c>GET /v1/models</c>: the served name must be listed; <c>/version</c> or llama.cpp's
    /// <c>/props</c>: version and context length) and returns a client ready to generate.
    /// </summary>
    /// <param name="options">Validated options.</param>
    /// <param name="time">Clock for backoff delays and timeouts.</param>
    /// <param name="cancellationToken">Cancels probing.</param>
    /// <exception cref="ArgumentException">Invalid options, or the named API key variable is unset (the message names the variable, not its value).</exception>
    /// <exception cref="BackendUnreachableException">An endpoint cannot be reached (the message names its URL).</exception>
    /// <exception cref="ModelServerException">An endpoint answers but does not serve the model (one line naming the URL, what it serves and what was expected).</exception>
    public static async Task<OpenAiCompatibleClient> ConnectAsync(OpenAiClientOptions options, TimeProvider? time = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Validate() is { Count: > 0 } errors)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        string? key = null;
        if (options.ApiKeyVariable is { } variable)
        {
            key = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(key))
            {
                throw new ArgumentException($"--api-key-env {variable}: the environment variable {variable} is not set or empty", nameof(options));
            }
        }

        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = options.MaxConnectionsPerEndpoint,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            PooledConnectionLifetime = TimeSpan.FromMinutes(30),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = DecompressionMethods.None,
            UseProxy = false,
        };
        var http = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.UserAgent.ParseAdd("mario/" + (typeof(OpenAiCompatibleClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
        if (key is not null)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        var endpoints = options.Endpoints.Select(u => new Endpoint(Root(u))).ToArray();
        var id = $"openai:{string.Join(',', options.Endpoints.Select(u => u.ToString().TrimEnd('/')))}#{options.Model}";
        var client = new OpenAiCompatibleClient(options, id, http, endpoints, time ?? TimeProvider.System);
        try
        {
            await client.ProbeAllAsync(cancellationToken).ConfigureAwait(false);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<IReadOnlyList<Completion>>> GenerateAsync(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        // Sibling requests go out together; the server batches them.
        var tasks = requests.Select(r => GenerateOneAsync(r, cancellationToken)).ToArray();
        return await Task.WhenAll(tasks).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<IReadOnlyList<Completion>> GenerateOneAsync(GenerationRequest request, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.Count, 1);
        Record(request);
        var results = new List<Completion>(request.Count);
        if (!_ignoresN || request.Count == 1)
        {
            results.AddRange(await SendAsync(request, request.Count, 0, cancellationToken).ConfigureAwait(false));
            if (results.Count == request.Count)
            {
                return results;
            }

            if (results.Count == 0)
            {
                Interlocked.Increment(ref _failures);
                throw new ModelServerException($"{Id}: the server returned no choices", transient: false);
            }

            Interlocked.Increment(ref _shortChoices);
            _ignoresN = true;
        }

        // A server that ignores n: the missing samples one per request, all at once, each with its own seed (part j
        // always gets the same seed, so the samples do not depend on when the client learned this).
        var parts = Enumerable.Range(results.Count, request.Count - results.Count)
            .Select(j => SendAsync(request, 1, j, cancellationToken))
            .ToArray();
        foreach (var part in await Task.WhenAll(parts).ConfigureAwait(false))
        {
            if (part.Count == 0)
            {
                Interlocked.Increment(ref _failures);
                throw new ModelServerException($"{Id}: the server returned no choices", transient: false);
            }

            results.Add(part[0]);
        }

        return results;
    }

    private async Task<IReadOnlyList<Completion>> SendAsync(GenerationRequest request, int n, int part, CancellationToken cancellationToken)
    {
        var path = _options.Route == OpenAiRoute.Chat ? "v1/chat/completions" : "v1/completions";
        Exception? last = null;
        try
        {
            var result = await _pipeline.ExecuteAsync(async ct =>
            {
                var endpoint = Pick();
                var url = endpoint.Root.ToString() + path;
                try
                {
                    var flavor = endpoint.Probe?.Flavor ?? ServerFlavor.Unknown;
                    var seed = OpenAiWire.WireSeed(request.Sampling.Seed, part, flavor);
                    var body = OpenAiWire.WriteRequest(_options.Model, request, n, seed, _options.Route, flavor, _options.Logprobs, _options.SkipSpecialTokens);
                    using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                    message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                    using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, ct).ConfigureAwait(false);
                    var bytes = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
                    if (!response.IsSuccessStatusCode)
                    {
                        throw StatusError(url, response, bytes);
                    }

                    return OpenAiWire.ParseResponse(bytes, url, request, n, _options.Route);
                }
                catch (Exception ex)
                {
                    last = ex;
                    if (IsRefused(ex))
                    {
                        endpoint.DownUntil = _time.GetTimestamp() + (long)(DownPenalty.TotalSeconds * _time.TimestampFrequency);
                    }

                    throw;
                }
                finally
                {
                    Interlocked.Decrement(ref endpoint.InFlight);
                }
            }, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _requests);
            return result;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is ModelServerException or HttpRequestException or IOException or TimeoutRejectedException or TaskCanceledException)
        {
            Interlocked.Increment(ref _failures);
            var attempts = _options.MaxRetries + 1;
            if (_endpoints.All(e => e.DownUntil > _time.GetTimestamp()) && IsRefused(last ?? ex))
            {
                throw new BackendUnreachableException(Id, $"connection refused after {attempts} attempts", ex);
            }

            var what = ex switch
            {
                ModelServerException m => m.Message,
                TimeoutRejectedException => $"{Id}: no answer within {_options.AttemptTimeout.TotalSeconds:0.#} s",
                _ => $"{Id}: {ex.GetType().Name}: {ex.Message}",
            };
            throw new ModelServerException(ex is ModelServerException { Transient: false } ? what : $"{what} (after {attempts} attempts)", transient: false, innerException: ex);
        }
    }

    private static bool IsRefused(Exception ex) =>
        ex is HttpRequestException { InnerException: SocketException { SocketErrorCode: SocketError.ConnectionRefused } }
            or HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } && ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused };

    /// <summary>
    /// Takes the endpoint with the fewest requests in flight among those not recently refusing connections, and counts
    /// the request as in flight there (under a lock, so that concurrent picks spread).
    /// </summary>
    private Endpoint Pick()
    {
        lock (_pickGate)
        {
            var chosen = PickUnlocked();
            Interlocked.Increment(ref chosen.InFlight);
            return chosen;
        }
    }

    private Endpoint PickUnlocked()
    {
        var now = _time.GetTimestamp();
        Endpoint? best = null;
        foreach (var e in _endpoints)
        {
            if (e.DownUntil > now)
            {
                continue;
            }

            if (best is null || Volatile.Read(ref e.InFlight) < Volatile.Read(ref best.InFlight))
            {
                best = e;
            }
        }

        return best ?? _endpoints.MinBy(e => e.DownUntil)!;
    }

    private static ModelServerException StatusError(string url, HttpResponseMessage response, byte[] body)
    {
        var code = (int)response.StatusCode;
        var text = OpenAiWire.Clip(Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 400)));
        TimeSpan? after = response.Headers.RetryAfter?.Delta
            ?? (response.Headers.RetryAfter?.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return code switch
        {
            401 or 403 => new ModelServerException($"{url}: HTTP {code}: the server refused the API key (set it with --api-key-env VAR): {text}", transient: false),
            404 => new ModelServerException($"{url}: HTTP 404: the server has no such route or model (chat-only servers need --chat): {text}", transient: false),
            408 or 425 or 429 or >= 500 => new ModelServerException($"{url}: HTTP {code}: {text}", transient: true, after is { } a && a > TimeSpan.Zero ? a : null),
            _ => new ModelServerException($"{url}: HTTP {code}: {text}", transient: false),
        };
    }

    private void Record(GenerationRequest request)
    {
        var s = request.Sampling;
        var key = new SentSampling(s.Temperature, s.TopP, s.TopK > 0 ? s.TopK : -1, s.MinP, s.MaxTokens, string.Join("|", request.Stop), _options.Logprobs, _options.Route);
        _sampling.TryAdd(key, Interlocked.Increment(ref _samplingOrder));
    }

    private async Task ProbeAllAsync(CancellationToken cancellationToken)
    {
        // Probes give up sooner than generation: a wrong URL should fail in seconds.
        var pipeline = BuildPipeline(Math.Min(_options.MaxRetries, 2), _options, () => { }, _time);
        foreach (var endpoint in _endpoints)
        {
            endpoint.Probe = await ServerProber.ProbeAsync(_http, pipeline, endpoint.Root, _options.Model, _options.Route, cancellationToken).ConfigureAwait(false);
        }

        var first = _endpoints[0].Probe!;
        foreach (var other in _endpoints.Skip(1).Select(e => e.Probe!))
        {
            if (other.Flavor != first.Flavor || other.Version != first.Version || other.ContextLength != first.ContextLength)
            {
                throw new ModelServerException($"{other.Url}: serves {_options.Model} with {other.Flavor} {other.Version ?? "?"} and context {other.ContextLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}, but {first.Url} has {first.Flavor} {first.Version ?? "?"} and context {first.ContextLength?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}; replicas of one run must match", transient: false);
            }
        }

        var identity = $"{_options.Model}\n{first.Flavor}\n{first.Version}\n{first.ContextLength}\n{_options.Route}\n{_options.SkipSpecialTokens}\n{_options.Logprobs}";
        Fingerprint = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
    }

    internal static ResiliencePipeline BuildPipeline(int retries, OpenAiClientOptions options, Action onRetry, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        if (retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<ModelServerException>(e => e.Transient)
                    .Handle<HttpRequestException>()
                    .Handle<IOException>()
                    .Handle<TimeoutRejectedException>(),
                MaxRetryAttempts = retries,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = TimeSpan.FromSeconds(30),
                DelayGenerator = args => new ValueTask<TimeSpan?>(args.Outcome.Exception is ModelServerException { RetryAfter: { } after }
                    ? TimeSpan.FromTicks(Math.Min(after.Ticks, TimeSpan.FromSeconds(30).Ticks))
                    : null),
                OnRetry = _ =>
                {
                    onRetry();
                    return default;
                },
            });
        }

        return builder.AddTimeout(options.AttemptTimeout).Build();
    }

    private static Uri Root(Uri url)
    {
        var text = url.ToString().TrimEnd('/');
        if (text.EndsWith("/v1", StringComparison.Ordinal))
        {
            text = text[..^3];
        }

        return new Uri(text + "/");
    }

    private sealed class Endpoint(Uri root)
    {
        public Uri Root { get; } = root;

        public ServerProbe? Probe { get; set; }

#pragma warning disable SA1401 // fields updated with Interlocked
        public int InFlight;

        public long DownUntil;
#pragma warning restore SA1401
    }
}
