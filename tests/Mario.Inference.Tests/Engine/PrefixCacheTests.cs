using Mario.Inference.Engine;
using Mario.Inference.Tests.Support;
using Mario.Models;

namespace Mario.Inference.Tests.Engine;

public sealed class PrefixCacheTests
{
    private static int[] Tokens(int seed, int n)
    {
        var r = new Random(seed);
        return Enumerable.Range(0, n).Select(_ => r.Next(0, 299)).ToArray();
    }

    [Fact]
    public void Logits_WithACachedPrefix_AreIdenticalToAColdRun_AndOnlyTheSuffixIsComputed()
    {
        var prefix = Tokens(1, 30);
        var prompt = prefix.Concat(Tokens(2, 9)).ToArray();
        using var cold = TinyModels.Engine("tiny-qwen2");
        using var warm = TinyModels.Engine("tiny-qwen2");

        var expected = cold.Logits(prompt);
        warm.Logits(prefix);
        var before = warm.ForwardedTokens;
        var actual = warm.Logits(prompt);

        Assert.Equal(expected, actual);
        Assert.Equal(9, warm.ForwardedTokens - before);
    }

    [Fact]
    public void Logits_OfAFullyCachedPrompt_RecomputeOnlyTheLastToken()
    {
        var prompt = Tokens(3, 20);
        using var engine = TinyModels.Engine("tiny-qwen2");

        var first = engine.Logits(prompt);
        var before = engine.ForwardedTokens;
        var second = engine.Logits(prompt);

        Assert.Equal(first, second);
        Assert.Equal(1, engine.ForwardedTokens - before);
    }

    [Theory]
    [InlineData(0f)]
    [InlineData(0.9f)]
    public void BatchedGeneration_IsIdenticalToOneSequenceAtATime(float temperature)
    {
        var requests = Enumerable.Range(0, 5)
            .Select(i => new SequenceRequest(Tokens(10 + i, 3 + 4 * i), new SamplingOptions(temperature, 0.95f, 0, 12, Seed: 5), i))
            .ToArray();
        using var batched = TinyModels.Engine("tiny-qwen2", maxBatch: 8);

        var together = batched.Generate(requests, default);

        foreach (var (request, i) in requests.Select((r, i) => (r, i)))
        {
            using var alone = TinyModels.Engine("tiny-qwen2", maxBatch: 1);
            var single = alone.Generate([request], default)[0];
            Assert.Equal(single.Tokens, together[i].Tokens);
            Assert.Equal(single.LogProbs, together[i].LogProbs);
        }
    }

    [Fact]
    public void Samples_AreDeterministicInSeedAndIndex_AndShareThePromptPrefill()
    {
        var prompt = Tokens(4, 40);
        var requests = Enumerable.Range(0, 4).Select(j => new SequenceRequest(prompt, new SamplingOptions(1f, MaxTokens: 10, Seed: 99), j)).ToArray();
        using var a = TinyModels.Engine("tiny-qwen2");
        using var b = TinyModels.Engine("tiny-qwen2");

        var first = a.Generate(requests, default);
        var again = b.Generate(requests.Reverse().ToArray(), default).Reverse().ToArray();

        for (var j = 0; j < 4; j++)
        {
            Assert.Equal(first[j].Tokens, again[j].Tokens);
        }

        Assert.True(first.Select(r => string.Join(",", r.Tokens)).Distinct().Count() > 1, "different sample indexes should differ");

        // 40 prompt tokens once, 1 recomputed last prompt token per further sample, then at most 9 decode steps per sample.
        Assert.InRange(a.ForwardedTokens, 40 + 3, 40 + 3 + 4 * 9);
    }

    [Fact]
    public void Trie_NodeCount_EqualsTheDistinctPrefixesOfAllSequences()
    {
        using var engine = TinyModels.Engine("tiny-qwen2");
        var prompts = new[] { Tokens(5, 12), Tokens(5, 12).Concat(Tokens(6, 5)).ToArray(), Tokens(5, 7).Concat(Tokens(7, 4)).ToArray() };

        var results = engine.Generate(prompts.Select(p => new SequenceRequest(p, SamplingOptions.Greedy(6))).ToArray(), default);

        // Every forwarded sequence is the prompt plus all generated tokens but the last (which was never fed back).
        var prefixes = new HashSet<string>();
        for (var i = 0; i < prompts.Length; i++)
        {
            var seq = prompts[i].Concat(results[i].Tokens.Take(results[i].Tokens.Count - 1)).ToArray();
            for (var n = 1; n <= seq.Length; n++)
            {
                prefixes.Add(string.Join(",", seq.Take(n)));
            }
        }

        Assert.Equal(prefixes.Count, engine.Cache.NodesCreated);
    }

    [Fact]
    public void SmallCache_EvictsOldPrefixes_AndStillMatchesAColdRun()
    {
        using var small = TinyModels.Engine("tiny-qwen2", kvTokens: 128);
        using var cold = TinyModels.Engine("tiny-qwen2");
        for (var i = 0; i < 10; i++)
        {
            small.Logits(Tokens(100 + i, 40));
        }

        var prompt = Tokens(200, 50);
        Assert.Equal(cold.Logits(prompt), small.Logits(prompt));
        Assert.True(small.Cache.NodesEvicted > 0);
    }

    [Fact]
    public void EndOfSequenceToken_StopsTheSequence_AndIsReported()
    {
        var reference = Fixtures.LoadReference("tiny-qwen2");
        var dir = Fixtures.Dir("tiny-qwen2");
        var config = Mario.Inference.Transformer.ModelConfig.Load(Path.Combine(dir, "config.json"));
        using var ck = Mario.Inference.SafeTensors.SafeTensorsCheckpoint.Open(dir);
        using var engine = new InferenceEngine(config, Mario.Inference.Transformer.TransformerWeights.Load(ck, config), new EngineOptions(2, KvCacheTokens: 1024), [reference.Greedy[3]]);

        var result = engine.Generate([new SequenceRequest(reference.Prompts[reference.GreedyPromptIndex], SamplingOptions.Greedy(20))], default)[0];

        Assert.Equal(reference.Greedy.Take(4), result.Tokens);
        Assert.Equal(FinishReason.Stop, result.Finish);
    }

    [Fact]
    public void PromptAtTheContextLimit_IsContextOverflow_NotACrash()
    {
        using var engine = TinyModels.Engine("tiny-qwen2", maxContext: 32);

        var results = engine.Generate(
        [
            new SequenceRequest(Tokens(8, 32), SamplingOptions.Greedy(5)),
            new SequenceRequest(Tokens(9, 28), SamplingOptions.Greedy(10)),
            new SequenceRequest(Tokens(9, 10), SamplingOptions.Greedy(3)),
        ], default);

        Assert.Equal(FinishReason.ContextOverflow, results[0].Finish);
        Assert.Empty(results[0].Tokens);
        Assert.Equal(FinishReason.ContextOverflow, results[1].Finish);
        Assert.Equal(4, results[1].Tokens.Count);
        Assert.Equal(FinishReason.Length, results[2].Finish);
    }

    [Fact]
    public void Cancellation_StopsGeneration_AndReleasesEveryPin()
    {
        using var engine = TinyModels.Engine("tiny-qwen2", prefillChunk: 4);
        using var cts = new CancellationTokenSource();
        var observer = new CancelAfter(3, cts);

        Assert.ThrowsAny<OperationCanceledException>(() => engine.Generate(
            [new SequenceRequest(Tokens(11, 20), SamplingOptions.Greedy(50), 0, observer), new SequenceRequest(Tokens(12, 30), SamplingOptions.Greedy(50))],
            cts.Token));
        Assert.ThrowsAny<OperationCanceledException>(() => engine.Logits(Tokens(13, 40), cts.Token));

        engine.Cache.Clear();
        Assert.Equal(engine.Cache.Capacity, engine.Cache.FreeSlots);
    }

    private sealed class CancelAfter(int tokens, CancellationTokenSource cts) : ITokenObserver
    {
        private int _seen;

        public bool OnToken(int token)
        {
            if (++_seen == tokens)
            {
                cts.Cancel();
            }

            return false;
        }
    }

    [Theory]
    [InlineData(new int[0], "at least one token")]
    [InlineData(new[] { 1, 304 }, "token id 304 is outside the vocabulary [0, 304)")]
    [InlineData(new[] { -1 }, "token id -1 is outside the vocabulary")]
    public void Generate_InvalidPrompt_IsRejected(int[] prompt, string expected)
    {
        using var engine = TinyModels.Engine("tiny-qwen2");

        var e = Assert.Throws<ArgumentException>(() => engine.Generate([new SequenceRequest(prompt, SamplingOptions.Greedy(2))], default));

        Assert.Contains(expected, e.Message);
    }
}
