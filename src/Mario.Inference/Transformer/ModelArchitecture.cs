namespace Mario.Inference.Transformer;

/// <summary>The decoder families the engine runs (the <c>architectures</c> field of config.json).</summary>
public enum ModelArchitecture
{
    /// <summary><c>Qwen2ForCausalLM</c>: Llama with biases on the q, k and v projections.</summary>
    Qwen2,

    /// <summary><c>LlamaForCausalLM</c>: no projection biases.</summary>
    Llama,
}
