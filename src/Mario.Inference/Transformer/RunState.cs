namespace Mario.Inference.Transformer;

/// <summary>
/// Every activation buffer of a forward call over up to B tokens, allocated once (llama2.c's <c>RunState</c>);
/// the KV cache lives in <see cref="Engine.PrefixKvCache"/>. Row-major; shapes use B tokens, C hidden,
/// I intermediate, V vocab, nh/nkv heads of hd.
/// </summary>
public sealed class RunState
{
    /// <summary>Allocates buffers for <paramref name="maxTokens"/> tokens per call and <paramref name="maxOutputs"/> outputs.</summary>
    public RunState(ModelConfig c, int maxTokens, int maxOutputs)
    {
        MaxTokens = maxTokens;
        MaxOutputs = maxOutputs;
        X = new float[maxTokens * c.HiddenSize];
        Xb = new float[maxTokens * c.HiddenSize];
        Xb2 = new float[maxTokens * c.HiddenSize];
        Q = new float[maxTokens * c.QueryDim];
        K = new float[maxTokens * c.KvDim];
        V = new float[maxTokens * c.KvDim];
        Attention = new float[maxTokens * c.QueryDim];
        Hb = new float[maxTokens * c.IntermediateSize];
        Hb2 = new float[maxTokens * c.IntermediateSize];
        Cos = new float[maxTokens * c.HeadDim / 2];
        Sin = new float[maxTokens * c.HeadDim / 2];
        Hidden = new float[maxOutputs * c.HiddenSize];
        Logits = new float[(long)maxOutputs * c.VocabSize];
    }

    /// <summary>B, the most tokens one call may carry.</summary>
    public int MaxTokens { get; }

    /// <summary>The most entries of one call that may ask for outputs.</summary>
    public int MaxOutputs { get; }

    /// <summary>(B, C) residual stream.</summary>
    public float[] X { get; }

    /// <summary>(B, C) normed residual, the input of each projection.</summary>
    public float[] Xb { get; }

    /// <summary>(B, C) output of a block's attention or MLP before the residual add.</summary>
    public float[] Xb2 { get; }

    /// <summary>(B, nh*hd) queries.</summary>
    public float[] Q { get; }

    /// <summary>(B, nkv*hd) keys of the new tokens, copied into the cache.</summary>
    public float[] K { get; }

    /// <summary>(B, nkv*hd) values of the new tokens, copied into the cache.</summary>
    public float[] V { get; }

    /// <summary>(B, nh*hd) attention output per head, concatenated.</summary>
    public float[] Attention { get; }

    /// <summary>(B, I) SwiGLU gate, then silu(gate) * up.</summary>
    public float[] Hb { get; }

    /// <summary>(B, I) SwiGLU up projection.</summary>
    public float[] Hb2 { get; }

    /// <summary>(B, hd/2) RoPE cosines at each entry's position.</summary>
    public float[] Cos { get; }

    /// <summary>(B, hd/2) RoPE sines at each entry's position.</summary>
    public float[] Sin { get; }

    /// <summary>(outputs, C) final-normed hidden state of each output entry (the value head's input).</summary>
    public float[] Hidden { get; }

    /// <summary>(outputs, V) logits of each output entry.</summary>
    public float[] Logits { get; }
}
