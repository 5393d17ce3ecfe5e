namespace Mario.Models.Clients;

/// <summary>Which server software answered the startup probe; decides which extra request fields are sent.</summary>
public enum ServerFlavor
{
    /// <summary>Not recognised: only OpenAI fields plus top_k and min_p are sent.</summary>
    Unknown,

    /// <summary>vLLM (<c>owned_by: vllm</c>, <c>GET /version</c>): include_stop_str_in_output and skip_special_tokens are sent; the fired stop is <c>stop_reason</c>.</summary>
    Vllm,

    /// <summary>SGLang (<c>owned_by: sglang</c>): no_stop_trim and skip_special_tokens are sent; the fired stop is <c>matched_stop</c>.</summary>
    Sglang,

    /// <summary>llama.cpp's llama-server (<c>owned_by: llamacpp</c>, <c>GET /props</c>); the fired stop is <c>stopping_word</c> where present.</summary>
    LlamaCpp,
}
