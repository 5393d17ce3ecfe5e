using Mario.Inference.SafeTensors;

namespace Mario.Inference.Transformer;

/// <summary>All read-only weights of a decoder (llama2.c's <c>TransformerWeights</c>); V vocab, C hidden.</summary>
public sealed class TransformerWeights : IDisposable
{
    private TransformerWeights(WeightMatrix embedding, LayerWeights[] layers, float[] finalNorm, WeightMatrix lmHead, bool tied)
    {
        Embedding = embedding;
        Layers = layers;
        FinalNorm = finalNorm;
        LmHead = lmHead;
        Tied = tied;
    }

    /// <summary>(V, C) token embedding table (<c>model.embed_tokens.weight</c>).</summary>
    public WeightMatrix Embedding { get; }

    /// <summary>The L decoder blocks.</summary>
    public IReadOnlyList<LayerWeights> Layers { get; }

    /// <summary>(C) final RMSNorm weight (<c>model.norm.weight</c>).</summary>
    public float[] FinalNorm { get; }

    /// <summary>(V, C) classifier (<c>lm_head.weight</c>), the same object as <see cref="Embedding"/> when tied.</summary>
    public WeightMatrix LmHead { get; }

    /// <summary>Whether the LM head is the embedding table.</summary>
    public bool Tied { get; }

    /// <summary>Bytes a single decoded token reads: every block's matrices, the LM head and one embedding row.</summary>
    public long DecodeBytesPerToken
    {
        get
        {
            long sum = LmHead.ByteSize + Embedding.ByteSize / Embedding.Rows;
            foreach (var l in Layers)
            {
                sum += l.MatrixBytes;
            }

            return sum;
        }
    }

    /// <summary>Number of parameters (the tied table counted once).</summary>
    public long ParameterCount
    {
        get
        {
            long n = (long)Embedding.Rows * Embedding.Cols + FinalNorm.Length + (Tied ? 0 : (long)LmHead.Rows * LmHead.Cols);
            foreach (var l in Layers)
            {
                n += l.AttentionNorm.Length + l.MlpNorm.Length + (l.Bq?.Length ?? 0) + (l.Bk?.Length ?? 0) + (l.Bv?.Length ?? 0);
                foreach (var m in new[] { l.Wq, l.Wk, l.Wv, l.Wo, l.WGate, l.WUp, l.WDown })
                {
                    n += (long)m.Rows * m.Cols;
                }
            }

            return n;
        }
    }

    /// <summary>Loads and shape-checks every tensor the configuration calls for.</summary>
    /// <exception cref="InvalidDataException">A tensor is missing or has the wrong shape; the message names it.</exception>
    public static TransformerWeights Load(SafeTensorsCheckpoint ck, ModelConfig c)
    {
        foreach (var required in new[] { "model.embed_tokens.weight", "model.norm.weight" })
        {
            if (!ck.Contains(required))
            {
                throw new InvalidDataException($"checkpoint has no tensor '{required}'");
            }
        }

        var tied = c.TieWordEmbeddings || !ck.Contains("lm_head.weight");
        var embedding = WeightMatrix.Load(ck, "model.embed_tokens.weight", c.VocabSize, c.HiddenSize);
        var layers = new LayerWeights[c.NumLayers];
        for (var l = 0; l < c.NumLayers; l++)
        {
            var first = $"model.layers.{l}.self_attn.q_proj.weight";
            if (!ck.Contains(first))
            {
                throw new InvalidDataException($"checkpoint has no tensor '{first}' (config.json says {c.NumLayers} layers)");
            }

            layers[l] = LayerWeights.Load(ck, c, l);
        }

        var norm = ck.ReadSingle("model.norm.weight");
        if (norm.Length != c.HiddenSize)
        {
            throw new InvalidDataException($"tensor 'model.norm.weight' has {norm.Length} elements; config.json implies {c.HiddenSize}");
        }

        var head = tied ? embedding : WeightMatrix.Load(ck, "lm_head.weight", c.VocabSize, c.HiddenSize);
        return new TransformerWeights(embedding, layers, norm, head, tied);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Embedding.Dispose();
        if (!Tied)
        {
            LmHead.Dispose();
        }

        foreach (var l in Layers)
        {
            l.Dispose();
        }
    }
}
