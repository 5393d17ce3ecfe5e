namespace Mario.Models.Clients;

/// <summary>What one endpoint reported when probed at start (recorded in the run's summary).</summary>
/// <param name="Url">The endpoint's base URL.</param>
/// <param name="Flavor">The server software, as recognised from its answers.</param>
/// <param name="ServedModels">The ids <c>GET /v1/models</c> listed.</param>
/// <param name="Version">The version it reported (<c>/version</c>, or llama.cpp's <c>/props</c> build info), or null.</param>
/// <param name="ContextLength">Its context length in tokens (<c>max_model_len</c>, or llama.cpp's per-slot <c>n_ctx</c>), or null when not reported.</param>
public sealed record ServerProbe(string Url, ServerFlavor Flavor, IReadOnlyList<string> ServedModels, string? Version, int? ContextLength);
