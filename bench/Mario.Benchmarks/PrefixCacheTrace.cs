using Mario.Inference;
using Mario.Inference.Engine;
using Mario.Models;

namespace Mario.Benchmarks;

/// <summary>
/// A step-level beam search trace at the token level, as Super_MARIO's SBS issues it: each of B1 beams asks for B2
/// sampled steps, every child state (parent + step + a fixed observation) is scored by the value head, and the best
/// B1 children become the next beams. Counts the tokens the engine ran against the distinct tokens of the tree.
/// </summary>
public static class PrefixCacheTrace
{
    /// <summary>Result: tokens run through the model, distinct prefix positions of the tree, and what a cache-less engine would run.</summary>
    public sealed record Result(long Forwarded, long Unique, long WithoutCache, int Requests)
    {
        /// <summary>Forwarded / Unique (1.0 is perfect reuse).</summary>
        public double Ratio => (double)Forwarded / Unique;
    }

    /// <summary>Runs the trace on <paramref name="engine"/> (its cache is cleared first).</summary>
    public static Result Run(InferenceEngine engine, ValueHead head, int beams = 2, int samples = 3, int depth = 4, int stepTokens = 12)
    {
        engine.Cache.Clear();
        var before = engine.ForwardedTokens;
        var rng = new Random(7);
        var vocab = Math.Min(engine.Model.Config.VocabSize, 256);
        var root = Enumerable.Range(0, 60).Select(_ => rng.Next(vocab)).ToArray();
        int[] observation = [10, 79, 98, 115, 58];
        var trie = new Dictionary<(int, int), int>();
        long withoutCache = 0;
        var requests = 0;

        void Count(IReadOnlyList<int> seq)
        {
            var node = -1;
            foreach (var t in seq)
            {
                if (!trie.TryGetValue((node, t), out var child))
                {
                    child = trie.Count;
                    trie[(node, t)] = child;
                }

                node = child;
            }

            withoutCache += seq.Count;
        }

        var frontier = new List<int[]> { root };
        for (var step = 0; step < depth; step++)
        {
            var sequenceRequests = frontier
                .SelectMany((prompt, b) => Enumerable.Range(0, samples).Select(j =>
                    new SequenceRequest(prompt, new SamplingOptions(1f, 0.95f, 0, stepTokens, Seed: (ulong)(step * 100 + b)), j)))
                .ToArray();
            var results = engine.Generate(sequenceRequests, CancellationToken.None);
            requests += sequenceRequests.Length;
            var children = new List<(int[] State, double Value)>();
            for (var i = 0; i < results.Length; i++)
            {
                var prompt = sequenceRequests[i].Prompt;
                var generated = results[i].Tokens;
                Count([.. prompt, .. generated.Take(generated.Count - 1)]);
                int[] child = [.. prompt, .. generated, .. observation];
                var value = head.Score(engine.FinalHidden(child));
                requests++;
                Count(child);
                children.Add((child, value));
            }

            frontier = children.OrderByDescending(c => c.Value).Take(beams).Select(c => c.State).ToList();
        }

        return new Result(engine.ForwardedTokens - before, trie.Count, withoutCache, requests);
    }
}
