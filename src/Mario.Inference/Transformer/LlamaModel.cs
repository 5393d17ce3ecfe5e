using System.Numerics.Tensors;
using Mario.Inference.Engine;

namespace Mario.Inference.Transformer;

/// <summary>
/// The Qwen2/Llama decoder's forward pass over a <see cref="ForwardBatch"/> of tokens from one or many sequences.
/// Reads like the math, one comment per step; all buffers come from <see cref="RunState"/>, allocated once.
/// </summary>
public sealed unsafe class LlamaModel : IDisposable
{
    [ThreadStatic]
    private static float[]? t_scores;

    private readonly float[] _invFreq;
    private readonly float _attentionScale;
    private readonly WorkerPool _pool;
    private readonly AttentionJob _attention;

    /// <summary>
    /// Wraps loaded weights with buffers for <paramref name="maxTokens"/> tokens and <paramref name="maxOutputs"/> outputs
    /// per call; <paramref name="vectorAttention"/> allows the 256-bit attention kernel where the CPU and head size permit.
    /// </summary>
    public LlamaModel(ModelConfig config, TransformerWeights weights, int maxTokens, int maxOutputs, int threads, bool vectorAttention = true)
    {
        Config = config;
        Weights = weights;
        State = new RunState(config, maxTokens, maxOutputs);
        _invFreq = config.RopeScaling.InverseFrequencies(config.HeadDim, config.RopeTheta);
        _attentionScale = 1f / MathF.Sqrt(config.HeadDim);
        _pool = new WorkerPool(threads);
        Threads = threads;
        _attention = new AttentionJob(this, vectorAttention);
    }

    /// <summary>Hyperparameters.</summary>
    public ModelConfig Config { get; }

    /// <summary>Weights.</summary>
    public TransformerWeights Weights { get; }

    /// <summary>Activation buffers; after <see cref="Forward"/>, outputs are in <see cref="RunState.Hidden"/> and <see cref="RunState.Logits"/>.</summary>
    public RunState State { get; }

    /// <summary>Worker threads used by the matmuls and attention.</summary>
    public int Threads { get; }

    /// <summary>
    /// Runs every entry of <paramref name="batch"/> through the decoder, writing each entry's keys and values into
    /// <paramref name="cache"/> at its slot, and for entries with an output row the final-normed hidden state and,
    /// when <paramref name="computeLogits"/>, the logits (V floats per row).
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public void Forward(ForwardBatch batch, PrefixKvCache cache, bool computeLogits)
    {
        var c = Config;
        var s = State;
        int n = batch.Count, dim = c.HiddenSize, qDim = c.QueryDim, kvDim = c.KvDim, inter = c.IntermediateSize, half = c.HeadDim / 2;
        if (n == 0)
        {
            return;
        }

        if (n > s.MaxTokens || batch.OutputCount > s.MaxOutputs)
        {
            throw new InvalidOperationException($"batch of {n} tokens / {batch.OutputCount} outputs exceeds the run state ({s.MaxTokens} / {s.MaxOutputs})");
        }

        for (var i = 0; i < n; i++)
        {
            // token embedding: x[i] = E[token]
            Weights.Embedding.ReadRow(batch.Tokens[i], s.X.AsSpan(i * dim, dim));

            // RoPE angles for this position: pos * inv_freq, in float32 like the reference
            for (var j = 0; j < half; j++)
            {
                var angle = batch.Positions[i] * _invFreq[j];
                s.Cos[i * half + j] = MathF.Cos(angle);
                s.Sin[i * half + j] = MathF.Sin(angle);
            }
        }

        for (var l = 0; l < c.NumLayers; l++)
        {
            var w = Weights.Layers[l];

            // attention rmsnorm
            for (var i = 0; i < n; i++)
            {
                Kernels.RmsNorm(s.X.AsSpan(i * dim, dim), w.AttentionNorm, c.RmsNormEps, s.Xb.AsSpan(i * dim, dim));
            }

            // qkv projections (+ Qwen2's biases)
            Kernels.MatMulSharedInput(s.Xb, n, _pool, w.Wq, s.Q, w.Wk, s.K, w.Wv, s.V);
            for (var i = 0; i < n; i++)
            {
                var q = s.Q.AsSpan(i * qDim, qDim);
                var k = s.K.AsSpan(i * kvDim, kvDim);
                var v = s.V.AsSpan(i * kvDim, kvDim);
                if (w.Bq is not null)
                {
                    TensorPrimitives.Add(q, w.Bq, q);
                    TensorPrimitives.Add(k, w.Bk!, k);
                    TensorPrimitives.Add(v, w.Bv!, v);
                }

                // RoPE on queries and keys
                Kernels.Rope(q, c.NumHeads, s.Cos.AsSpan(i * half, half), s.Sin.AsSpan(i * half, half));
                Kernels.Rope(k, c.NumKvHeads, s.Cos.AsSpan(i * half, half), s.Sin.AsSpan(i * half, half));

                // store this token's key and value in its cache slot
                k.CopyTo(cache.Keys(l, batch.Slots[i]));
                v.CopyTo(cache.Values(l, batch.Slots[i]));
            }

            // grouped-query attention over each entry's path, one work item per (entry, head)
            _attention.Run(batch, cache, l);

            // output projection and residual
            Kernels.MatMul(w.Wo, s.Attention, s.Xb2, n, _pool);
            TensorPrimitives.Add(s.X.AsSpan(0, n * dim), s.Xb2.AsSpan(0, n * dim), s.X.AsSpan(0, n * dim));

            // ffn rmsnorm
            for (var i = 0; i < n; i++)
            {
                Kernels.RmsNorm(s.X.AsSpan(i * dim, dim), w.MlpNorm, c.RmsNormEps, s.Xb.AsSpan(i * dim, dim));
            }

            // SwiGLU: down(silu(gate(x)) * up(x))
            Kernels.MatMulSharedInput(s.Xb, n, _pool, w.WGate, s.Hb, w.WUp, s.Hb2, null, default);
            Kernels.SwiGlu(s.Hb.AsSpan(0, n * inter), s.Hb2.AsSpan(0, n * inter));
            Kernels.MatMul(w.WDown, s.Hb, s.Xb2, n, _pool);

            // residual
            TensorPrimitives.Add(s.X.AsSpan(0, n * dim), s.Xb2.AsSpan(0, n * dim), s.X.AsSpan(0, n * dim));
        }

        // final rmsnorm, only for the entries whose outputs are wanted
        for (var i = 0; i < n; i++)
        {
            var row = batch.OutputRows[i];
            if (row >= 0)
            {
                Kernels.RmsNorm(s.X.AsSpan(i * dim, dim), Weights.FinalNorm, c.RmsNormEps, s.Hidden.AsSpan(row * dim, dim));
            }
        }

        // classifier into logits
        if (computeLogits && batch.OutputCount > 0)
        {
            Kernels.MatMul(Weights.LmHead, s.Hidden, s.Logits, batch.OutputCount, _pool);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _pool.Dispose();
        Weights.Dispose();
    }

    private sealed class AttentionJob
    {
        private readonly LlamaModel _model;
        private readonly Action<int> _body;
        private readonly Action<int> _groupBody;
        private readonly bool _grouped;
        private ForwardBatch? _batch;
        private PrefixKvCache? _cache;
        private int _layer;

        public AttentionJob(LlamaModel model, bool vector)
        {
            _model = model;
            _body = RunOne;
            _groupBody = RunGroup;
            _grouped = vector && GroupedAttention.Supports(model.Config.HeadDim);
        }

        public void Run(ForwardBatch batch, PrefixKvCache cache, int layer)
        {
            _batch = batch;
            _cache = cache;
            _layer = layer;
            var c = _model.Config;

            // The vector path takes a KV head's whole query group per item, so each cached row is read once per group.
            var body = _grouped ? _groupBody : _body;
            var items = batch.Count * (_grouped ? c.NumKvHeads : c.NumHeads);
            long work = 0;
            for (var i = 0; i < batch.Count; i++)
            {
                work += batch.Positions[i] + 1;
            }

            if (_model.Threads == 1 || work * c.NumHeads * c.HeadDim < 1 << 18)
            {
                for (var item = 0; item < items; item++)
                {
                    body(item);
                }
            }
            else
            {
                _model._pool.For(items, body);
            }
        }

        private void RunGroup(int item)
        {
            var c = _model.Config;
            var s = _model.State;
            int hd = c.HeadDim, group = c.NumHeads / c.NumKvHeads;
            var i = item / c.NumKvHeads;
            var kvHead = item % c.NumKvHeads;
            var length = _batch!.Positions[i] + 1;
            var need = group * length;
            var scores = t_scores is { } buf && buf.Length >= need ? buf : (t_scores = new float[Math.Max(need, 4096)]);
            var firstHead = (i * c.NumHeads) + (kvHead * group);
            GroupedAttention.Run(
                new ReadOnlySpan<float>(s.Q, firstHead * hd, group * hd), group, hd,
                _cache!.KeysBase(_layer), _cache.ValuesBase(_layer), c.KvDim, kvHead * hd,
                _batch.Paths[i].AsSpan(0, length), _model._attentionScale, scores, s.Attention.AsSpan(firstHead * hd, group * hd));
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
        private void RunOne(int item)
        {
            var c = _model.Config;
            var s = _model.State;
            int hd = c.HeadDim, kvDim = c.KvDim, group = c.NumHeads / c.NumKvHeads;
            var i = item / c.NumHeads;
            var h = item % c.NumHeads;
            var length = _batch!.Positions[i] + 1;
            var path = _batch.Paths[i];
            var scores = t_scores is { } buf && buf.Length >= length ? buf : (t_scores = new float[Math.Max(length, 1024)]);
            var q = new ReadOnlySpan<float>(s.Q, (i * c.NumHeads + h) * hd, hd);
            var headOffset = h / group * hd;
            var keys = _cache!.KeysBase(_layer);
            var values = _cache.ValuesBase(_layer);

            // scores = q · k_t / sqrt(hd) for every earlier position t (causal: the path ends at this token)
            for (var t = 0; t < length; t++)
            {
                scores[t] = TensorPrimitives.Dot(q, new ReadOnlySpan<float>(keys + (long)path[t] * kvDim + headOffset, hd)) * _model._attentionScale;
            }

            // softmax over positions
            Kernels.Softmax(scores.AsSpan(0, length));

            // weighted sum of values
            var output = s.Attention.AsSpan((i * c.NumHeads + h) * hd, hd);
            output.Clear();
            for (var t = 0; t < length; t++)
            {
                TensorPrimitives.MultiplyAdd(new ReadOnlySpan<float>(values + (long)path[t] * kvDim + headOffset, hd), scores[t], output, output);
            }
        }
    }
}
