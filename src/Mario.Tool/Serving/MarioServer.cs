using Mario.Models;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Mario.Tool.Serving;

/// <summary>
/// mario's CPU engine behind vLLM's wire on Kestrel: <c>GET /v1/models</c>, <c>GET /version</c>, <c>GET /health</c>,
/// <c>POST /v1/completions</c> and <c>POST /pooling</c>. Concurrent completion requests are merged by a
/// <see cref="BatchingLanguageModel"/> into one engine call; seeds travel with each request, so an answer does not
/// depend on what else was in its batch. A bad request is answered with an OpenAI-style error and the server goes on.
/// </summary>
internal sealed class MarioServer : IAsyncDisposable
{
    /// <summary>Largest request body in bytes.</summary>
    public const long MaxBodyBytes = 16L << 20;

    private readonly WebApplication _app;
    private readonly ServedModels _models;
    private readonly BatchingLanguageModel _batching;
    private readonly ServeEndpoints _endpoints;
    private bool _disposed;

    private MarioServer(WebApplication app, ServedModels models, BatchingLanguageModel batching, TextWriter log)
    {
        _app = app;
        _models = models;
        _batching = batching;
        _endpoints = new ServeEndpoints(models, batching, log);
        _app.Run(_endpoints.DispatchAsync);
    }

    /// <summary>The bound base address, e.g. <c>http://127.0.0.1:41234</c> (the port picked when 0 was asked for).</summary>
    public Uri Address { get; private set; } = new("http://127.0.0.1:0");

    /// <summary>The policy's name on the wire.</summary>
    public string ModelName => _models.PolicyName;

    /// <summary>Completion requests accepted (valid) so far.</summary>
    public long CompletionRequests => _endpoints.CompletionRequests;

    /// <summary>Engine calls the accepted completion requests were merged into.</summary>
    public int EngineCalls => _batching.InnerCalls;

    /// <summary>Loads the models and starts listening; a failure is one line naming the option or the address.</summary>
    /// <param name="options">What to serve and where.</param>
    /// <param name="log">Where unexpected request failures (bugs) are reported; written from many threads.</param>
    /// <param name="cancellationToken">Cancels the start.</param>
    public static async Task<(MarioServer? Server, string? Error)> StartAsync(ServeOptions options, TextWriter log, CancellationToken cancellationToken)
    {
        var (models, loadError) = ServedModels.Load(options);
        if (models is null)
        {
            return (null, loadError);
        }

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = "mario" });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(k =>
        {
            k.Listen(options.Host, options.Port);
            k.Limits.MaxRequestBodySize = MaxBodyBytes;
            k.AddServerHeader = false;
        });
        builder.Services.AddSingleton<IHostLifetime, ExternalLifetime>();
        var app = builder.Build();
        var batching = new BatchingLanguageModel(models.Policy.LanguageModel, options.MaxBatchRequests, options.BatchWindow);
        try
        {
            // The handler is attached before the start (in the constructor); the address is read after it.
            var server = new MarioServer(app, models, batching, TextWriter.Synchronized(log));
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                        ?? throw new InvalidOperationException("Kestrel reported no address after starting");
            server.Address = new Uri(bound);
            return (server, null);
        }
        catch (IOException ex)
        {
            await batching.DisposeAsync().ConfigureAwait(false);
            await app.DisposeAsync().ConfigureAwait(false);
            models.Dispose();
            var host = options.Host.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? $"[{options.Host}]" : options.Host.ToString();
            return (null, $"cannot listen on {host}:{options.Port}: {ex.Message}");
        }
    }

    /// <summary>Stops listening, lets requests in flight finish, and frees the engine.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await _app.StopAsync(grace.Token).ConfigureAwait(false);
        }

        await _batching.DisposeAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _models.Dispose();
    }
}
