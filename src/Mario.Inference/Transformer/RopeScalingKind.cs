namespace Mario.Inference.Transformer;

/// <summary>How rotary frequencies are rescaled for long context (config.json <c>rope_scaling.rope_type</c>).</summary>
public enum RopeScalingKind
{
    /// <summary>No <c>rope_scaling</c>: plain RoPE.</summary>
    None,

    /// <summary><c>"linear"</c>: positions divided by <c>factor</c>.</summary>
    Linear,

    /// <summary><c>"llama3"</c>: low frequencies divided by <c>factor</c>, a smooth blend between the two bands.</summary>
    Llama3,
}
