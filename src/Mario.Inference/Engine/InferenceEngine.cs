using Mario.Inference.Sampling;
using Mario.Inference.Transformer;
using Mario.Models;

namespace Mario.Inference.Engine;

/// <summary>
/// Runs a <see cref="LlamaModel"/> over many sequences at once: prompts are matched against the shared
/// <see cref="PrefixKvCache"/> so only their unseen suffix is prefilled, then all active sequences decode together,
/// one batched forward call per step. Not thread-safe: callers serialise through <see cref="Gate"/>.
/// </summary>
public sealed class InferenceEngine : IDisposable
{
    private readonly ForwardBatch _batch;
    private readonly Sampler _sampler;
    private readonly HashSet<int> _stopTokens;
    private readonly int _sampleVocab;
    private long _reserved;

    /// <summary>
    /// Creates the engine. <paramref name="stopTokens"/> end a sequence when sampled; sampling only considers ids below
    /// <paramref name="sampleVocab"/> (the tokenizer's size, when the embedding has padding rows).
    /// </summary>
    public InferenceEngine(ModelConfig config, TransformerWeights weights, EngineOptions options, IEnumerable<int> stopTokens, int? sampleVocab = null)
    {
        options.Validate();
        Options = options;
        // A sequence must fit in the cache on its own, so the cache size also bounds the window.
        ContextLimit = Math.Min(Math.Min(config.MaxPositions, options.MaxContext ?? int.MaxValue), options.KvCacheTokens);

        var chunk = Math.Max(options.PrefillChunk, options.MaxBatch);
        Model = new LlamaModel(config, weights, chunk, options.MaxBatch, options.Threads, options.VectorAttention);
        Cache = new PrefixKvCache(config.NumLayers, config.KvDim, options.KvCacheTokens);
        _batch = new ForwardBatch(chunk);
        _sampleVocab = Math.Clamp(sampleVocab ?? config.VocabSize, 1, config.VocabSize);
        _sampler = new Sampler(config.VocabSize);
        _stopTokens = [.. stopTokens];
    }

    /// <summary>The model.</summary>
    public LlamaModel Model { get; }

    /// <summary>The shared KV cache.</summary>
    public PrefixKvCache Cache { get; }

    /// <summary>Settings.</summary>
    public EngineOptions Options { get; }

    /// <summary>
    /// Context window in tokens, min(max_position_embeddings, <see cref="EngineOptions.MaxContext"/>, <see cref="EngineOptions.KvCacheTokens"/>):
    /// prompt plus completion may not exceed it.
    /// </summary>
    public int ContextLimit { get; }

    /// <summary>Tokens run through the model since construction (prefill and decode); compare with <see cref="PrefixKvCache.NodesCreated"/>.</summary>
    public long ForwardedTokens { get; private set; }

    /// <summary>Serialises callers (the engine's buffers are shared).</summary>
    public SemaphoreSlim Gate { get; } = new(1, 1);

    /// <summary>Generates every request, decoding up to <see cref="EngineOptions.MaxBatch"/> of them together; results are in request order.</summary>
    /// <exception cref="ArgumentException">A prompt is empty or holds an id outside the vocabulary.</exception>
    public SequenceResult[] Generate(IReadOnlyList<SequenceRequest> requests, CancellationToken cancellationToken)
    {
        foreach (var r in requests)
        {
            ValidatePrompt(r.Prompt);
        }

        var results = new SequenceResult[requests.Count];
        var active = new List<ActiveSequence>(Options.MaxBatch);
        var next = 0;
        try
        {
            while (next < requests.Count || active.Count > 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                while (next < requests.Count && active.Count < Options.MaxBatch)
                {
                    if (!TryAdmit(requests[next], next, active.Count, results, cancellationToken, out var seq))
                    {
                        break;
                    }

                    next++;
                    if (seq is not null)
                    {
                        active.Add(seq);
                    }
                }

                if (active.Count > 0)
                {
                    DecodeStep(active, results);
                }
            }
        }
        finally
        {
            foreach (var s in active)
            {
                if (s is not null)
                {
                    Cache.Unpin(s.Leaf);
                }
            }

            _reserved = 0;
        }

        return results;
    }

    /// <summary>
    /// The final-normed hidden state (C floats) after the last of <paramref name="tokens"/>, reusing cached prefixes;
    /// the value head's input. Only the last <see cref="ContextLimit"/> tokens are used when the text is longer.
    /// </summary>
    public float[] FinalHidden(IReadOnlyList<int> tokens, CancellationToken cancellationToken = default) =>
        RunPrompt(tokens, computeLogits: false, Model.State.Hidden, Model.Config.HiddenSize, cancellationToken);

    /// <summary>The logits (V floats) after the last of <paramref name="tokens"/>, reusing cached prefixes.</summary>
    public float[] Logits(IReadOnlyList<int> tokens, CancellationToken cancellationToken = default) =>
        RunPrompt(tokens, computeLogits: true, Model.State.Logits, Model.Config.VocabSize, cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        Cache.Dispose();
        Model.Dispose();
        Gate.Dispose();
    }

    private void ValidatePrompt(IReadOnlyList<int> prompt)
    {
        if (prompt.Count == 0)
        {
            throw new ArgumentException("a prompt must hold at least one token");
        }

        foreach (var t in prompt)
        {
            if ((uint)t >= (uint)Model.Config.VocabSize)
            {
                throw new ArgumentException($"token id {t} is outside the vocabulary [0, {Model.Config.VocabSize})");
            }
        }
    }

    private float[] RunPrompt(IReadOnlyList<int> tokens, bool computeLogits, float[] source, int width, CancellationToken cancellationToken)
    {
        ValidatePrompt(tokens);
        var ids = tokens.Count > ContextLimit ? tokens.Skip(tokens.Count - ContextLimit).ToArray() : tokens.ToArray();
        var path = new int[ids.Length];
        var (start, leaf) = MatchPrefix(ids, path);
        if (!Cache.EnsureFree(ids.Length - start))
        {
            Cache.Unpin(leaf);
            throw new InvalidOperationException($"the KV cache ({Cache.Capacity} tokens) is too small for a {ids.Length}-token prompt");
        }

        leaf = Prefill(ids, path, start, leaf, computeLogits, cancellationToken);
        Cache.Unpin(leaf);
        return source.AsSpan(0, width).ToArray();
    }

    /// <summary>Matches the cached prefix; the last prompt token is always recomputed because its outputs are needed.</summary>
    private (int Start, int Leaf) MatchPrefix(int[] prompt, int[] path)
    {
        var m = Math.Min(Cache.Match(prompt, path), prompt.Length - 1);
        var leaf = m > 0 ? path[m - 1] : -1;
        Cache.Pin(leaf);
        return (m, leaf);
    }

    /// <summary>Runs prompt[start..] through the model in chunks; the last token gets an output row. Returns the new pinned leaf.</summary>
    private int Prefill(int[] prompt, int[] path, int start, int leaf, bool computeLogits, CancellationToken cancellationToken)
    {
        var n = prompt.Length;
        for (var chunkStart = start; chunkStart < n; chunkStart += _batch.Capacity)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                Cache.Unpin(leaf);
                cancellationToken.ThrowIfCancellationRequested();
            }

            var end = Math.Min(n, chunkStart + _batch.Capacity);
            _batch.Clear();
            for (var p = chunkStart; p < end; p++)
            {
                var slot = Cache.GetOrAdd(p > 0 ? path[p - 1] : -1, prompt[p], out _);
                if (slot < 0)
                {
                    throw new InvalidOperationException("KV cache exhausted during prefill despite the reservation (a bug)");
                }

                path[p] = slot;
                _batch.Add(prompt[p], p, slot, path, wantOutput: p == n - 1);
            }

            Model.Forward(_batch, Cache, computeLogits && end == n);
            ForwardedTokens += end - chunkStart;
            Cache.Pin(path[end - 1]);
            Cache.Unpin(leaf);
            leaf = path[end - 1];
        }

        return leaf;
    }

    private bool TryAdmit(SequenceRequest request, int index, int activeCount, SequenceResult[] results, CancellationToken cancellationToken, out ActiveSequence? seq)
    {
        seq = null;
        var prompt = request.Prompt as int[] ?? [.. request.Prompt];
        var n = prompt.Length;
        if (n >= ContextLimit)
        {
            results[index] = new SequenceResult([], [], FinishReason.ContextOverflow, n);
            return true;
        }

        var path = new int[ContextLimit];
        var (start, leaf) = MatchPrefix(prompt, path);

        // Reserve a slot for every token this sequence may still compute, so decoding never runs out mid-batch.
        var limit = Math.Min(n + Math.Max(1, request.Sampling.MaxTokens), ContextLimit);
        var need = limit - start;
        if (!Cache.EnsureFree((int)Math.Min(int.MaxValue, _reserved + need)))
        {
            Cache.Unpin(leaf);
            if (activeCount == 0)
            {
                throw new InvalidOperationException($"the KV cache ({Cache.Capacity} tokens) cannot hold a {limit}-token sequence");
            }

            return false;
        }

        _reserved += need;
        leaf = Prefill(prompt, path, start, leaf, computeLogits: true, cancellationToken);
        _reserved -= n - start;
        seq = new ActiveSequence(index, request, prompt.Length, path, SampleSeed.Derive(request.Sampling.Seed, request.SampleIndex))
        {
            Length = n,
            Leaf = leaf,
            ReservedLeft = need - (n - start),
        };

        if (Emit(seq, Model.State.Logits.AsSpan(0, Model.Config.VocabSize), results))
        {
            Release(seq);
            seq = null;
        }

        return true;
    }

    private void DecodeStep(List<ActiveSequence> active, SequenceResult[] results)
    {
        _batch.Clear();
        foreach (var s in active)
        {
            var slot = Cache.GetOrAdd(s.Path[s.Length - 1], s.Pending, out _);
            if (slot < 0)
            {
                throw new InvalidOperationException("KV cache exhausted during decoding despite the reservation (a bug)");
            }

            s.Path[s.Length] = slot;
            _batch.Add(s.Pending, s.Length, slot, s.Path, wantOutput: true);
        }

        Model.Forward(_batch, Cache, computeLogits: true);
        ForwardedTokens += active.Count;
        var vocab = Model.Config.VocabSize;
        for (var k = 0; k < active.Count; k++)
        {
            var s = active[k];
            var slot = s.Path[s.Length];
            s.Length++;
            s.ReservedLeft--;
            _reserved--;
            Cache.Pin(slot);
            Cache.Unpin(s.Leaf);
            s.Leaf = slot;
            if (Emit(s, Model.State.Logits.AsSpan(k * vocab, vocab), results))
            {
                Release(s);
                active[k] = null!;
            }
        }

        active.RemoveAll(static s => s is null);
    }

    /// <summary>Samples the next token and records it; returns true when the sequence is finished.</summary>
    private bool Emit(ActiveSequence s, ReadOnlySpan<float> logits, SequenceResult[] results)
    {
        var o = s.Request.Sampling;
        var token = _sampler.Sample(logits[.._sampleVocab], o.Temperature, o.TopP, o.TopK, ref s.Rng, out var logProb);
        s.Tokens.Add(token);
        s.LogProbs.Add(logProb);
        FinishReason? finish =
            _stopTokens.Contains(token) ? FinishReason.Stop
            : s.Request.Observer?.OnToken(token) == true ? FinishReason.Stop
            : s.Tokens.Count >= o.MaxTokens ? FinishReason.Length
            : s.PromptLength + s.Tokens.Count >= ContextLimit ? FinishReason.ContextOverflow
            : null;
        if (finish is { } f)
        {
            results[s.Index] = new SequenceResult(s.Tokens, s.LogProbs, f, s.PromptLength);
            return true;
        }

        s.Pending = token;
        return false;
    }

    private void Release(ActiveSequence s)
    {
        Cache.Unpin(s.Leaf);
        _reserved -= s.ReservedLeft;
        s.ReservedLeft = 0;
    }

    private sealed class ActiveSequence(int index, SequenceRequest request, int promptLength, int[] path, ulong rng)
    {
        public ulong Rng = rng;

        public int Index { get; } = index;

        public SequenceRequest Request { get; } = request;

        public int PromptLength { get; } = promptLength;

        /// <summary>Slot of each position; positions [0, Length) hold computed KV.</summary>
        public int[] Path { get; } = path;

        public int Length { get; set; }

        public int Leaf { get; set; }

        public int Pending { get; set; }

        public long ReservedLeft { get; set; }

        public List<int> Tokens { get; } = [];

        public List<float> LogProbs { get; } = [];
    }
}
