using Mario.Inference.SafeTensors;

namespace Mario.Inference.Transformer;

/// <summary>One decoder block's weights (C hidden, I intermediate, nh/nkv heads of hd).</summary>
public sealed class LayerWeights : IDisposable
{
    private LayerWeights(float[] attentionNorm, WeightMatrix wq, float[]? bq, WeightMatrix wk, float[]? bk, WeightMatrix wv, float[]? bv,
        WeightMatrix wo, float[] mlpNorm, WeightMatrix wGate, WeightMatrix wUp, WeightMatrix wDown)
    {
        AttentionNorm = attentionNorm;
        Wq = wq;
        Bq = bq;
        Wk = wk;
        Bk = bk;
        Wv = wv;
        Bv = bv;
        Wo = wo;
        MlpNorm = mlpNorm;
        WGate = wGate;
        WUp = wUp;
        WDown = wDown;
    }

    /// <summary>(C) RMSNorm weight before attention (<c>input_layernorm</c>).</summary>
    public float[] AttentionNorm { get; }

    /// <summary>(nh*hd, C) query projection.</summary>
    public WeightMatrix Wq { get; }

    /// <summary>(nh*hd) query bias (Qwen2), or null.</summary>
    public float[]? Bq { get; }

    /// <summary>(nkv*hd, C) key projection.</summary>
    public WeightMatrix Wk { get; }

    /// <summary>(nkv*hd) key bias (Qwen2), or null.</summary>
    public float[]? Bk { get; }

    /// <summary>(nkv*hd, C) value projection.</summary>
    public WeightMatrix Wv { get; }

    /// <summary>(nkv*hd) value bias (Qwen2), or null.</summary>
    public float[]? Bv { get; }

    /// <summary>(C, nh*hd) attention output projection.</summary>
    public WeightMatrix Wo { get; }

    /// <summary>(C) RMSNorm weight before the MLP (<c>post_attention_layernorm</c>).</summary>
    public float[] MlpNorm { get; }

    /// <summary>(I, C) SwiGLU gate projection.</summary>
    public WeightMatrix WGate { get; }

    /// <summary>(I, C) SwiGLU up projection.</summary>
    public WeightMatrix WUp { get; }

    /// <summary>(C, I) SwiGLU down projection.</summary>
    public WeightMatrix WDown { get; }

    /// <summary>Bytes of the matrices, all read once per forward call.</summary>
    public long MatrixBytes => Wq.ByteSize + Wk.ByteSize + Wv.ByteSize + Wo.ByteSize + WGate.ByteSize + WUp.ByteSize + WDown.ByteSize;

    /// <summary>Loads block <paramref name="layer"/> (tensor names <c>model.layers.{layer}.*</c>).</summary>
    public static LayerWeights Load(SafeTensorsCheckpoint ck, ModelConfig c, int layer)
    {
        var p = $"model.layers.{layer}.";
        float[] Vec(string name, int length)
        {
            var info = ck.Info(p + name);
            if (info.ElementCount != length)
            {
                throw new InvalidDataException($"tensor '{p + name}' has {info.ElementCount} elements; config.json implies {length}");
            }

            return ck.ReadSingle(p + name);
        }

        WeightMatrix M(string name, int rows, int cols) => WeightMatrix.Load(ck, p + name, rows, cols);
        return new LayerWeights(
            Vec("input_layernorm.weight", c.HiddenSize),
            M("self_attn.q_proj.weight", c.QueryDim, c.HiddenSize),
            c.AttentionBias ? Vec("self_attn.q_proj.bias", c.QueryDim) : null,
            M("self_attn.k_proj.weight", c.KvDim, c.HiddenSize),
            c.AttentionBias ? Vec("self_attn.k_proj.bias", c.KvDim) : null,
            M("self_attn.v_proj.weight", c.KvDim, c.HiddenSize),
            c.AttentionBias ? Vec("self_attn.v_proj.bias", c.KvDim) : null,
            M("self_attn.o_proj.weight", c.HiddenSize, c.QueryDim),
            Vec("post_attention_layernorm.weight", c.HiddenSize),
            M("mlp.gate_proj.weight", c.IntermediateSize, c.HiddenSize),
            M("mlp.up_proj.weight", c.IntermediateSize, c.HiddenSize),
            M("mlp.down_proj.weight", c.HiddenSize, c.IntermediateSize));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Wq.Dispose();
        Wk.Dispose();
        Wv.Dispose();
        Wo.Dispose();
        WGate.Dispose();
        WUp.Dispose();
        WDown.Dispose();
    }
}
