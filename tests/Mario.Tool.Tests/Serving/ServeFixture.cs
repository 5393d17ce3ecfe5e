using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Mario.Inference;
using Mario.Inference.Tokenization;
using Mario.Models;
using Mario.Tool.Running;
using Mario.Tool.Serving;

namespace Mario.Tool.Tests.Serving;

/// <summary>
/// One real <c>mario serve</c> (tiny policy and value head, port 0, loopback) for a test class, and the in-process
/// tiny model that eval would use, loaded separately, to compare answers with.
/// </summary>
public sealed class ServeFixture : IAsyncLifetime
{
    private MarioServer? _server;

    /// <summary>Loopback HTTP client with the server's base address.</summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The in-process model (its own engine, loaded as eval loads it).</summary>
    public LocalModel Reference { get; private set; } = null!;

    internal MarioServer Server => _server!;

    public StringWriter Log { get; } = new();

    public async Task InitializeAsync()
    {
        var (options, error) = ServeOptions.TryCreate("tiny", "tiny", "127.0.0.1", 0, null, batchWindowMs: 200, maxBatch: 64);
        Assert.Null(error);
        var (server, failure) = await MarioServer.StartAsync(options!, Log, CancellationToken.None);
        Assert.True(server is not null, failure);
        _server = server;
        Http = new HttpClient { BaseAddress = server!.Address, Timeout = TimeSpan.FromMinutes(2) };
        Reference = LocalModelLoader.Load(BackendFactory.TinyModelDirectory()!, BpeTokenizer.Load, id: "tiny");
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        Reference.Dispose();
    }

    /// <summary>POSTs a JSON text; returns the status and the parsed body.</summary>
    public async Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(path, content);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!);
    }

    /// <summary>GETs a path; returns the status and the parsed body.</summary>
    public async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string path)
    {
        using var response = await Http.GetAsync(path);
        return (response.StatusCode, (await response.Content.ReadFromJsonAsync<JsonNode>())!);
    }

    /// <summary>What the in-process model gives for one request.</summary>
    public async Task<IReadOnlyList<Completion>> InProcessAsync(GenerationRequest request) =>
        (await Reference.LanguageModel.GenerateAsync([request], CancellationToken.None))[0];
}
