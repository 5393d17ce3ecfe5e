using System.Net;
using System.Text;
using System.Text.Json;

namespace Mario.Models.Clients;

/// <summary>
/// A reward model served by vLLM's pooling API (<c>--value-model vllm-pooling:URL#NAME[@STYLE]</c>): process reward
/// models such as Qwen2.5-Math-PRM and Math-Shepherd (one score per step) and outcome reward models (one score per
/// solution), per <see cref="RewardModelStyle"/>.
/// <para>
/// Each query's question and steps are templated by <see cref="RewardModelInput"/> and posted as
/// <c>{"model": NAME, "input": [texts...]}</c> (PRM styles add <c>"task": "token_classify"</c>, which vLLM 0.10+
/// routes on and older builds ignore) to <c>URL/pooling</c>, at most <see cref="MaxInputsPerRequest"/> texts per
/// request. A query's value is its last step's score (PRMs) or the solution's score (ORMs), mapped into [-1, 1] as
/// <see cref="PoolingResponse"/> says: a step probability p becomes 2p - 1, a raw outcome reward r becomes tanh(r / 2).
/// </para>
/// <para>
/// A PRM's step score depends only on the text before its separator (the model is causal), so a query whose steps are
/// a prefix of another query's in the same call reads its value from the longer input's scores: bon with min or prod
/// aggregation scores every prefix of a chain with one input per chain. Identical queries share one input. A query
/// with no steps (the root) scores 0 without a request: there is nothing to judge.
/// </para>
/// <para>
/// Errors: a refused connection or failed name lookup throws <see cref="BackendUnreachableException"/> (the run stops,
/// exit 3); an HTTP error status, a timeout, a truncated body, malformed JSON, a wrong number of entries or scores, a
/// non-number or non-finite score throws <see cref="RewardModelException"/> naming the URL, the request number and the
/// input index (the problem fails and the run goes on). Retries are not made here.
/// </para>
/// </summary>
public sealed class PoolingValueModel : IValueModel, IDisposable
{
    private readonly HttpClient _http;
    private readonly Uri _endpoint;
    private int _requests;

    /// <summary>Creates the client.</summary>
    /// <param name="baseUrl">The server's root URL, e.g. <c>http://127.0.0.1:8001</c>; a trailing <c>/v1</c> is dropped because vLLM serves <c>/pooling</c> at the root.</param>
    /// <param name="model">The served model name, sent as <c>model</c>.</param>
    /// <param name="style">How inputs are built and scores read.</param>
    /// <param name="maxInputsPerRequest">Texts per HTTP request, 1 to 1024.</param>
    /// <param name="timeout">Per-request limit, above zero; null means 10 minutes.</param>
    /// <param name="handler">The HTTP handler (tests); null uses a pooled handler with keep-alive.</param>
    public PoolingValueModel(Uri baseUrl, string model, RewardModelStyle style, int maxInputsPerRequest = 32, TimeSpan? timeout = null, HttpMessageHandler? handler = null)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxInputsPerRequest, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxInputsPerRequest, 1024);
        if (!Enum.IsDefined(style))
        {
            throw new ArgumentOutOfRangeException(nameof(style), style, "unknown reward model style");
        }

        var root = baseUrl.AbsoluteUri.TrimEnd('/');
        if (root.EndsWith("/v1", StringComparison.Ordinal))
        {
            root = root[..^3];
        }

        _endpoint = new Uri(root + "/pooling");
        Model = model;
        Style = style;
        MaxInputsPerRequest = maxInputsPerRequest;
        _http = new HttpClient(handler ?? new SocketsHttpHandler { PooledConnectionIdleTimeout = TimeSpan.FromSeconds(30), MaxConnectionsPerServer = 32 })
        {
            Timeout = timeout ?? TimeSpan.FromMinutes(10),
            MaxResponseContentBufferSize = 64 << 20,
        };
        Id = $"vllm-pooling:{baseUrl.OriginalString}#{model}" + (style == RewardModelStyles.Default ? "" : "@" + RewardModelStyles.Name(style));
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <summary>The served model name.</summary>
    public string Model { get; }

    /// <summary>The reward-model family.</summary>
    public RewardModelStyle Style { get; }

    /// <summary>The most texts one HTTP request carries.</summary>
    public int MaxInputsPerRequest { get; }

    /// <summary>The URL requests are posted to.</summary>
    public Uri Endpoint => _endpoint;

    /// <summary>HTTP requests sent so far.</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>
    /// Not supported: a reward model needs the question and the steps apart, which a prompt text does not give.
    /// Search calls <see cref="ScoreAsync(IReadOnlyList{ValueQuery}, CancellationToken)"/>.
    /// </summary>
    /// <exception cref="NotSupportedException">Always.</exception>
    public ValueTask<IReadOnlyList<double>> ScoreAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        throw new NotSupportedException($"{Id} scores a question and its steps (ValueQuery), not a prompt text");

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<double>> ScoreAsync(IReadOnlyList<ValueQuery> queries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var plan = PoolingPlan.Build(queries, Style);
        var scores = new double[plan.Inputs.Count][];
        for (var start = 0; start < plan.Inputs.Count; start += MaxInputsPerRequest)
        {
            var batch = plan.Inputs.Skip(start).Take(MaxInputsPerRequest).ToList();
            var read = await PostAsync(batch, cancellationToken).ConfigureAwait(false);
            read.CopyTo(scores, start);
        }

        var values = new double[queries.Count];
        for (var i = 0; i < queries.Count; i++)
        {
            values[i] = plan.Reads[i] is { } at ? scores[at.Input][at.Score] : 0;
        }

        return values;
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<double[][]> PostAsync(IReadOnlyList<PoolingPlan.Input> batch, CancellationToken cancellationToken)
    {
        var number = Interlocked.Increment(ref _requests);
        using var content = new ByteArrayContent(RequestBody(batch));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        string body;
        HttpStatusCode status;
        try
        {
            using var response = await _http.PostAsync(_endpoint, content, cancellationToken).ConfigureAwait(false);
            status = response.StatusCode;
            body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException ex) when (ex.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError)
        {
            throw new BackendUnreachableException(_endpoint.AbsoluteUri, ex.Message, ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            throw new RewardModelException(_endpoint.AbsoluteUri, number, $"the response could not be read ({ex.Message})", ex);
        }
        catch (TaskCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new RewardModelException(_endpoint.AbsoluteUri, number, $"no response within {_http.Timeout.TotalSeconds:0.#} s", ex);
        }

        if (!IsSuccess(status))
        {
            throw new RewardModelException(_endpoint.AbsoluteUri, number,
                $"HTTP {(int)status} {status}: {(body.Length <= 200 ? body : body[..200] + "...")}".TrimEnd(' ', ':'));
        }

        var (values, error) = PoolingResponse.Read(body, Style, batch.Select(b => b.Scores).ToList());
        return values ?? throw new RewardModelException(_endpoint.AbsoluteUri, number, error!);
    }

    private byte[] RequestBody(IReadOnlyList<PoolingPlan.Input> batch)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            writer.WriteString("model", Model);
            writer.WriteStartArray("input");
            foreach (var input in batch)
            {
                writer.WriteStringValue(input.Text);
            }

            writer.WriteEndArray();
            if (Style != RewardModelStyle.Outcome)
            {
                writer.WriteString("task", "token_classify");
            }

            writer.WriteEndObject();
        }

        return stream.ToArray();
    }

    private static bool IsSuccess(HttpStatusCode status) => (int)status is >= 200 and < 300;
}
