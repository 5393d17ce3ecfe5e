namespace Mario.Testing.Http;

/// <summary>Which server's wire dialect a <see cref="LoopbackModelServer"/> speaks (../shared/design/WIRE_FORMATS.md).</summary>
public enum LoopbackServerStyle
{
    /// <summary>vLLM: owned_by vllm, GET /version, max_model_len, stop_reason, legacy logprobs arrays.</summary>
    Vllm,

    /// <summary>SGLang: owned_by sglang, matched_stop.</summary>
    Sglang,

    /// <summary>llama.cpp: owned_by llamacpp, GET /props with n_ctx, stopping_word, chat-shaped logprobs.</summary>
    LlamaCpp,
}
