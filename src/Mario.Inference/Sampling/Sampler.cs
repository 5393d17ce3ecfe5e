using System.Numerics.Tensors;

namespace Mario.Inference.Sampling;

/// <summary>
/// Picks the next token from logits: argmax at temperature 0, otherwise softmax(logits / T) restricted to the top-k
/// tokens and then to the smallest set whose mass reaches top-p, sampled with a caller-held xorshift64* state (so a
/// seed fixes a sample, and there is no global RNG). Also reports the token's log-probability: the log-softmax of
/// the unscaled logits (temperature, top-k and top-p do not change it), as OpenAI-compatible servers report it.
/// Scratch buffers are allocated once per vocabulary size.
/// </summary>
public sealed class Sampler
{
    private readonly float[] _probs;
    private readonly float[] _keys;
    private readonly int[] _ids;

    /// <summary>Creates a sampler for logits of length <paramref name="vocabSize"/>.</summary>
    public Sampler(int vocabSize)
    {
        _probs = new float[vocabSize];
        _keys = new float[vocabSize];
        _ids = new int[vocabSize];
    }

    /// <summary>
    /// Samples a token id in [0, logits.Length). <paramref name="temperature"/> 0 is greedy; <paramref name="topK"/> 0 and
    /// <paramref name="topP"/> 1 disable those filters. <paramref name="logProb"/> is ln softmax(logits)[id].
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    public int Sample(ReadOnlySpan<float> logits, float temperature, float topP, int topK, ref ulong rngState, out float logProb)
    {
        var v = logits.Length;
        var max = TensorPrimitives.Max(logits);
        var probs = _probs.AsSpan(0, v);

        // log-sum-exp of the unscaled logits, for the reported log-probability
        TensorPrimitives.Subtract(logits, max, probs);
        TensorPrimitives.Exp(probs, probs);
        var logSumExp = max + MathF.Log(TensorPrimitives.Sum(probs));

        int id;
        if (temperature <= 0f)
        {
            id = TensorPrimitives.IndexOfMax(logits);
        }
        else
        {
            // p ∝ exp((logit - max) / T)
            TensorPrimitives.Subtract(logits, max, probs);
            TensorPrimitives.Multiply(probs, 1f / temperature, probs);
            TensorPrimitives.Exp(probs, probs);
            var r = NextFloat(ref rngState);
            id = topK > 0 && topK < v || topP < 1f ? SampleFiltered(probs, topP, topK, r) : SampleAll(probs, r);
        }

        logProb = logits[id] - logSumExp;
        return id;
    }

    /// <summary>Uniform float in [0, 1) from 24 random bits of xorshift64*.</summary>
    public static float NextFloat(ref ulong state)
    {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return ((state * 0x2545F4914F6CDD1DUL) >> 40) / 16777216f;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private static int SampleAll(ReadOnlySpan<float> weights, float r)
    {
        var target = r * TensorPrimitives.Sum(weights);
        var cumulative = 0f;
        for (var i = 0; i < weights.Length; i++)
        {
            cumulative += weights[i];
            if (target < cumulative)
            {
                return i;
            }
        }

        return LastPositive(weights);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int SampleFiltered(ReadOnlySpan<float> weights, float topP, int topK, float r)
    {
        var v = weights.Length;
        var total = TensorPrimitives.Sum(weights);

        int n;
        if (topK > 0 && topK < v)
        {
            n = SelectTopK(weights, topK);
        }
        else
        {
            // Tokens below (1 - p) / (V - 1) of the mass can never be in the nucleus (llama2.c's cut), so skip sorting them.
            var cutoff = (1f - topP) / (v - 1) * total;
            n = 0;
            for (var i = 0; i < v; i++)
            {
                if (weights[i] >= cutoff && weights[i] > 0f)
                {
                    _keys[n] = -weights[i];
                    _ids[n] = i;
                    n++;
                }
            }
        }

        // Sort by descending weight, ties by ascending id, so the order is fully determined.
        var keys = _keys.AsSpan(0, n);
        var ids = _ids.AsSpan(0, n);
        keys.Sort(ids);
        for (var start = 0; start < n;)
        {
            var end = start + 1;
            while (end < n && keys[end] == keys[start])
            {
                end++;
            }

            ids[start..end].Sort();
            start = end;
        }

        var mass = 0f;
        for (var i = 0; i < n; i++)
        {
            mass -= keys[i];
        }

        // Keep the smallest prefix whose share of the kept mass reaches p.
        if (topP < 1f)
        {
            var acc = 0f;
            for (var i = 0; i < n; i++)
            {
                acc -= keys[i];
                if (acc >= topP * mass)
                {
                    n = i + 1;
                    mass = acc;
                    break;
                }
            }
        }

        var target = r * mass;
        var cumulative = 0f;
        for (var i = 0; i < n; i++)
        {
            cumulative -= keys[i];
            if (target < cumulative)
            {
                return ids[i];
            }
        }

        return ids[Math.Max(0, n - 1)];
    }

    /// <summary>Puts the k largest weights (negated) and their ids in the scratch arrays with a size-k min-heap: O(V log k).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]
    private int SelectTopK(ReadOnlySpan<float> weights, int k)
    {
        // _keys[0..k) holds a min-heap of weights (not negated yet); ties prefer the lower id.
        var size = 0;
        for (var i = 0; i < weights.Length; i++)
        {
            var w = weights[i];
            if (size < k)
            {
                var c = size++;
                while (c > 0)
                {
                    var p = (c - 1) / 2;
                    if (!Less(w, i, _keys[p], _ids[p]))
                    {
                        break;
                    }

                    _keys[c] = _keys[p];
                    _ids[c] = _ids[p];
                    c = p;
                }

                _keys[c] = w;
                _ids[c] = i;
            }
            else if (Less(_keys[0], _ids[0], w, i))
            {
                var c = 0;
                while (true)
                {
                    var child = 2 * c + 1;
                    if (child >= size)
                    {
                        break;
                    }

                    if (child + 1 < size && Less(_keys[child + 1], _ids[child + 1], _keys[child], _ids[child]))
                    {
                        child++;
                    }

                    if (!Less(_keys[child], _ids[child], w, i))
                    {
                        break;
                    }

                    _keys[c] = _keys[child];
                    _ids[c] = _ids[child];
                    c = child;
                }

                _keys[c] = w;
                _ids[c] = i;
            }
        }

        for (var i = 0; i < size; i++)
        {
            _keys[i] = -_keys[i];
        }

        return size;

        // "a is a worse candidate than b": smaller weight, or equal weight and larger id.
        static bool Less(float wa, int ia, float wb, int ib) => wa < wb || (wa == wb && ia > ib);
    }

    private static int LastPositive(ReadOnlySpan<float> weights)
    {
        for (var i = weights.Length - 1; i >= 0; i--)
        {
            if (weights[i] > 0f)
            {
                return i;
            }
        }

        return 0;
    }
}
