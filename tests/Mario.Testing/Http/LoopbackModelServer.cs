using System.Buffers;
using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Mario.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Mario.Testing.Http;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel) that speaks an OpenAI-compatible server's wire format in front of any
/// <see cref="ILanguageModel"/> (a scripted model in tests): <c>GET /v1/models</c>, <c>/version</c> or <c>/props</c>,
/// <c>POST /v1/completions</c> and <c>/v1/chat/completions</c> with n, stop, seed, logprobs and the dialect's
/// fired-stop field. It records every generation request body so tests can check what a client sent.
/// </summary>
public sealed class LoopbackModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ILanguageModel _model;
    private readonly ConcurrentQueue<JsonElement> _bodies = new();
    private int _generationCalls;
    private int _inFlight;
    private int _maxInFlight;

    private LoopbackModelServer(WebApplication app, ILanguageModel model, LoopbackServerOptions options)
    {
        _app = app;
        _model = model;
        Options = options;
    }

    /// <summary>How the server behaves.</summary>
    public LoopbackServerOptions Options { get; }

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; private set; } = "";

    /// <summary>Generation requests answered (completions and chat), each counting once whatever its n.</summary>
    public int GenerationCalls => Volatile.Read(ref _generationCalls);

    /// <summary>The most generation requests that were in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>Every generation request body received, in arrival order.</summary>
    public IReadOnlyList<JsonElement> Bodies => [.. _bodies];

    /// <summary>Starts a server on a free loopback port (or <paramref name="port"/>).</summary>
    public static async Task<LoopbackModelServer> StartAsync(ILanguageModel model, LoopbackServerOptions? options = null, int port = 0)
    {
        ArgumentNullException.ThrowIfNull(model);
        options ??= new LoopbackServerOptions();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = 64 << 20;
        });
        var app = builder.Build();
        var server = new LoopbackModelServer(app, model, options);
        app.MapGet("/v1/models", server.ModelsAsync);
        if (options.Style == LoopbackServerStyle.LlamaCpp)
        {
            app.MapGet("/props", server.PropsAsync);
        }
        else
        {
            app.MapGet("/version", (HttpContext c) => WriteJsonAsync(c, w => w.WriteString("version", options.Version)));
        }

        if (options.Completions)
        {
            app.MapPost("/v1/completions", c => server.GenerateAsync(c, chat: false));
        }

        if (options.Chat)
        {
            app.MapPost("/v1/chat/completions", c => server.GenerateAsync(c, chat: true));
        }

        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return server;
    }

    /// <summary>Stops the server.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private bool Authorized(HttpContext context)
    {
        if (Options.ApiKey is null || context.Request.Headers.Authorization.ToString() == "Bearer " + Options.ApiKey)
        {
            return true;
        }

        context.Response.StatusCode = 401;
        return false;
    }

    private Task ModelsAsync(HttpContext context)
    {
        if (!Authorized(context))
        {
            return context.Response.WriteAsync("{\"error\":{\"message\":\"Unauthorized\"}}");
        }

        var owner = Options.Style switch { LoopbackServerStyle.Vllm => "vllm", LoopbackServerStyle.Sglang => "sglang", _ => "llamacpp" };
        return WriteJsonAsync(context, w =>
        {
            w.WriteString("object", "list");
            w.WriteStartArray("data");
            w.WriteStartObject();
            w.WriteString("id", Options.ModelName);
            w.WriteString("object", "model");
            w.WriteString("owned_by", owner);
            if (Options.Style != LoopbackServerStyle.LlamaCpp)
            {
                w.WriteNumber("max_model_len", Options.ContextLength);
            }

            w.WriteEndObject();
            w.WriteEndArray();
        });
    }

    private Task PropsAsync(HttpContext context) => WriteJsonAsync(context, w =>
    {
        w.WriteString("build_info", Options.Version);
        w.WriteStartObject("default_generation_settings");
        w.WriteNumber("n_ctx", Options.ContextLength);
        w.WriteEndObject();
    });

    private async Task GenerateAsync(HttpContext context, bool chat)
    {
        if (!Authorized(context))
        {
            return;
        }

        var now = Interlocked.Increment(ref _inFlight);
        int seen;
        while (now > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, seen) != seen)
        {
        }

        try
        {
            using var document = await JsonDocument.ParseAsync(context.Request.Body).ConfigureAwait(false);
            var body = document.RootElement.Clone();
            if (!body.TryGetProperty("model", out _))
            {
                // As vLLM does: an invalid request is refused before it reaches the model (the client's route check).
                context.Response.StatusCode = 400;
                await context.Response.WriteAsync("{\"error\":{\"message\":\"model: field required\"}}").ConfigureAwait(false);
                return;
            }

            _bodies.Enqueue(body);
            Interlocked.Increment(ref _generationCalls);
            if (body.GetProperty("model").GetString() != Options.ModelName)
            {
                context.Response.StatusCode = 404;
                await context.Response.WriteAsync("{\"error\":{\"message\":\"model not found\"}}").ConfigureAwait(false);
                return;
            }

            var prompt = chat ? body.GetProperty("messages")[0].GetProperty("content").GetString()! : body.GetProperty("prompt").GetString()!;
            var n = body.TryGetProperty("n", out var nValue) ? nValue.GetInt32() : 1;
            var honoured = Options.HonoursN ? n : 1;
            var topK = body.GetProperty("top_k").GetInt32();
            var sampling = new SamplingOptions(
                body.GetProperty("temperature").GetSingle(),
                body.GetProperty("top_p").GetSingle(),
                topK < 0 ? 0 : topK,
                body.GetProperty("max_tokens").GetInt32(),
                (ulong)body.GetProperty("seed").GetInt64(),
                body.GetProperty("min_p").GetSingle());
            var stops = body.GetProperty("stop").EnumerateArray().Select(s => s.GetString()!).ToList();
            if (Options.Latency is { } latency)
            {
                await Task.Delay(latency(now)).ConfigureAwait(false);
            }

            var outputs = (await _model.GenerateAsync([new GenerationRequest(prompt, sampling, stops, honoured)], context.RequestAborted).ConfigureAwait(false))[0];
            await WriteJsonAsync(context, w => WriteChoices(w, outputs, chat)).ConfigureAwait(false);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private void WriteChoices(Utf8JsonWriter w, IReadOnlyList<Completion> outputs, bool chat)
    {
        w.WriteString("id", (chat ? "chatcmpl-" : "cmpl-") + Guid.NewGuid().ToString("N"));
        w.WriteString("object", chat ? "chat.completion" : "text_completion");
        w.WriteNumber("created", 0);
        w.WriteString("model", Options.ModelName);
        w.WriteStartArray("choices");
        for (var i = 0; i < outputs.Count; i++)
        {
            var c = outputs[i];
            w.WriteStartObject();
            w.WriteNumber("index", i);
            if (chat)
            {
                w.WriteStartObject("message");
                w.WriteString("role", "assistant");
                w.WriteString("content", c.Text);
                w.WriteEndObject();
            }
            else
            {
                w.WriteString("text", c.Text);
            }

            w.WriteString("finish_reason", c.Finish == FinishReason.Length ? "length" : "stop");
            var stopField = Options.Style switch { LoopbackServerStyle.Vllm => "stop_reason", LoopbackServerStyle.Sglang => "matched_stop", _ => "stopping_word" };
            if (c.StopSequence is { } stop)
            {
                w.WriteString(stopField, stop);
            }
            else
            {
                w.WriteNull(stopField);
            }

            if (c.TokenLogProbs is { } lps)
            {
                w.WriteStartObject("logprobs");
                if (chat || Options.Style == LoopbackServerStyle.LlamaCpp)
                {
                    w.WriteStartArray("content");
                    foreach (var lp in lps)
                    {
                        w.WriteStartObject();
                        w.WriteString("token", "t");
                        w.WriteNumber("logprob", lp);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                }
                else
                {
                    w.WriteStartArray("token_logprobs");
                    foreach (var lp in lps)
                    {
                        w.WriteNumberValue(lp);
                    }

                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }
            else
            {
                w.WriteNull("logprobs");
            }

            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteStartObject("usage");
        w.WriteNumber("prompt_tokens", outputs.Count > 0 ? outputs[0].PromptTokens : 0);
        w.WriteNumber("completion_tokens", outputs.Sum(c => c.CompletionTokens));
        w.WriteNumber("total_tokens", (outputs.Count > 0 ? outputs[0].PromptTokens : 0) + outputs.Sum(c => c.CompletionTokens));
        w.WriteEndObject();
    }

    private static async Task WriteJsonAsync(HttpContext context, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        context.Response.ContentType = "application/json";
        context.Response.ContentLength = buffer.WrittenCount;
        await context.Response.Body.WriteAsync(buffer.WrittenMemory).ConfigureAwait(false);
    }
}
