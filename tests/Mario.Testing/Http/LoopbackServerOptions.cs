namespace Mario.Testing.Http;

/// <summary>How a <see cref="LoopbackModelServer"/> behaves.</summary>
public sealed record LoopbackServerOptions
{
    /// <summary>The wire dialect.</summary>
    public LoopbackServerStyle Style { get; init; } = LoopbackServerStyle.Vllm;

    /// <summary>The served model name.</summary>
    public string ModelName { get; init; } = "test-model";

    /// <summary>The version reported by /version or /props.</summary>
    public string Version { get; init; } = "0.11.0";

    /// <summary>The context length reported (max_model_len or n_ctx).</summary>
    public int ContextLength { get; init; } = 4096;

    /// <summary>False makes the server answer one choice whatever n asks (as some llama.cpp builds and proxies do).</summary>
    public bool HonoursN { get; init; } = true;

    /// <summary>Serve /v1/chat/completions too.</summary>
    public bool Chat { get; init; } = true;

    /// <summary>Serve /v1/completions (false: a chat-only server).</summary>
    public bool Completions { get; init; } = true;

    /// <summary>When set, requests without <c>Authorization: Bearer KEY</c> get 401.</summary>
    public string? ApiKey { get; init; }

    /// <summary>Delay before answering, given the number of generation requests in flight (a server whose latency grows with its batch).</summary>
    public Func<int, TimeSpan>? Latency { get; init; }
}
