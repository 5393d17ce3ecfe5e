using System.Globalization;
using System.Net.Sockets;
using System.Text.Json;
using Polly;

namespace Mario.Models.Clients;

/// <summary>
/// The startup probe of one endpoint: <c>GET /v1/models</c> (the served name must be listed; <c>owned_by</c> tells the
/// server software; vLLM and SGLang give <c>max_model_len</c>), then <c>GET /version</c> (vLLM, SGLang) or llama.cpp's
/// <c>GET /props</c> (build info and the per-slot <c>n_ctx</c>).
/// </summary>
internal static class ServerProber
{
    public static async Task<ServerProbe> ProbeAsync(HttpClient http, ResiliencePipeline pipeline, Uri root, string model, OpenAiRoute route, CancellationToken cancellationToken)
    {
        var url = root.ToString().TrimEnd('/');
        byte[] models;
        try
        {
            models = await GetAsync(http, pipeline, new Uri(root, "v1/models"), required: true, cancellationToken).ConfigureAwait(false)
                ?? throw new ModelServerException($"{url}: GET /v1/models returned nothing", transient: false);
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or Polly.Timeout.TimeoutRejectedException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            var reason = ex is HttpRequestException { InnerException: SocketException socket } ? socket.SocketErrorCode.ToString() : ex.Message;
            throw new BackendUnreachableException(url, $"GET {url}/v1/models failed ({reason})", ex);
        }
        catch (ModelServerException ex) when (ex.Transient)
        {
            throw new BackendUnreachableException(url, ex.Message, ex);
        }

        var served = new List<string>();
        string? ownedBy = null;
        int? context = null;
        try
        {
            using var document = JsonDocument.Parse(models);
            if (!document.RootElement.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Array)
            {
                throw new ModelServerException($"{url}/v1/models: expected an object with a 'data' array (an OpenAI-compatible server)", transient: false);
            }

            foreach (var entry in data.EnumerateArray())
            {
                if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
                {
                    continue;
                }

                served.Add(id.GetString()!);
                if (id.GetString() == model)
                {
                    ownedBy = entry.TryGetProperty("owned_by", out var owner) && owner.ValueKind == JsonValueKind.String ? owner.GetString() : null;
                    context = PositiveInt(entry, "max_model_len");
                }
            }
        }
        catch (JsonException ex)
        {
            throw new ModelServerException($"{url}/v1/models: not JSON ({ex.Message.Split(" LineNumber", 2)[0]})", transient: false, innerException: ex);
        }

        if (!served.Contains(model, StringComparer.Ordinal))
        {
            throw new ModelServerException($"{url} serves {(served.Count == 0 ? "no model" : string.Join(", ", served.Take(5).Select(OpenAiWire.Clip)))}, not '{model}'; name a served model after '#', e.g. openai:{url}#{(served.Count > 0 ? OpenAiWire.Clip(served[0]) : "NAME")}", transient: false);
        }

        var flavor = ownedBy switch
        {
            "vllm" => ServerFlavor.Vllm,
            "sglang" => ServerFlavor.Sglang,
            "llamacpp" => ServerFlavor.LlamaCpp,
            "mario" => ServerFlavor.Mario,
            _ => ServerFlavor.Unknown,
        };
        string? version = null;
        if (flavor == ServerFlavor.LlamaCpp)
        {
            if (await TryGetJsonAsync(http, pipeline, new Uri(root, "props"), cancellationToken).ConfigureAwait(false) is { } props)
            {
                using (props)
                {
                    var r = props.RootElement;
                    version = r.TryGetProperty("build_info", out var build) && build.ValueKind == JsonValueKind.String ? build.GetString() : null;
                    if (r.TryGetProperty("default_generation_settings", out var settings) && settings.ValueKind == JsonValueKind.Object)
                    {
                        context = PositiveInt(settings, "n_ctx") ?? context;
                    }
                }
            }
        }
        else if (await TryGetJsonAsync(http, pipeline, new Uri(root, "version"), cancellationToken).ConfigureAwait(false) is { } versionDocument)
        {
            using (versionDocument)
            {
                version = versionDocument.RootElement.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            }
        }

        await CheckRouteAsync(http, root, url, route, cancellationToken).ConfigureAwait(false);
        return new ServerProbe(url, flavor, served, version is null ? null : OpenAiWire.Clip(version), context);
    }

    /// <summary>
    /// The generation route the run needs must exist, or the run would end as one HTTP 404 per problem: an empty body
    /// is refused as invalid (400, 422) by a server that has the route, and answered 404 or 405 by one that does not.
    /// Nothing is generated.
    /// </summary>
    private static async Task CheckRouteAsync(HttpClient http, Uri root, string url, OpenAiRoute route, CancellationToken cancellationToken)
    {
        var path = route == OpenAiRoute.Chat ? "v1/chat/completions" : "v1/completions";
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(root, path)) { Content = new ByteArrayContent("{}"u8.ToArray()) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        try
        {
            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.StatusCode is System.Net.HttpStatusCode.NotFound or System.Net.HttpStatusCode.MethodNotAllowed)
            {
                var other = route == OpenAiRoute.Chat ? "drop --chat to use /v1/completions" : "add --chat for a server that only speaks /v1/chat/completions";
                throw new ModelServerException($"{url} has no POST /{path} (HTTP {((int)response.StatusCode).ToString(CultureInfo.InvariantCulture)}); {other}", transient: false);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The server answered /v1/models a moment ago; a failure here is the generation requests' to report.
        }
    }

    private static int? PositiveInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) && n > 0 ? n : null;

    private static async Task<JsonDocument?> TryGetJsonAsync(HttpClient http, ResiliencePipeline pipeline, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            var body = await GetAsync(http, pipeline, url, required: false, cancellationToken).ConfigureAwait(false);
            return body is null ? null : JsonDocument.Parse(body);
        }
        catch (Exception ex) when (ex is JsonException or ModelServerException or HttpRequestException or IOException)
        {
            // Optional information: a server without it is still usable.
            return null;
        }
    }

    private static async Task<byte[]?> GetAsync(HttpClient http, ResiliencePipeline pipeline, Uri url, bool required, CancellationToken cancellationToken) =>
        await pipeline.ExecuteAsync<byte[]?>(async ct =>
        {
            using var response = await http.GetAsync(url, ct).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(ct).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            if (response.IsSuccessStatusCode)
            {
                return body;
            }

            if (code is 401 or 403)
            {
                throw new ModelServerException($"GET {url}: HTTP {code}: the server wants an API key (name its environment variable with --api-key-env VAR)", transient: false);
            }

            if (code is 429 or >= 500)
            {
                throw new ModelServerException($"GET {url}: HTTP {code.ToString(CultureInfo.InvariantCulture)}", transient: true);
            }

            return required ? throw new ModelServerException($"GET {url}: HTTP {code} (not an OpenAI-compatible server?)", transient: false) : null;
        }, cancellationToken).ConfigureAwait(false);
}
