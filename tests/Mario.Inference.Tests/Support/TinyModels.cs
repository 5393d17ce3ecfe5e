using Mario.Inference.Engine;
using Mario.Inference.SafeTensors;
using Mario.Inference.Transformer;

namespace Mario.Inference.Tests.Support;

/// <summary>Loads the committed tiny checkpoints.</summary>
public static class TinyModels
{
    public static LocalModel Load(string variant, int maxBatch = 8, int prefillChunk = 16, int threads = 2) =>
        LocalModelLoader.Load(Fixtures.Dir(variant), TestByteTokenizer.Load, new EngineOptions(threads, maxBatch, prefillChunk, KvCacheTokens: 4096));

    /// <summary>A bare engine with no end-of-sequence tokens, for token-level tests.</summary>
    public static InferenceEngine Engine(string variant, int maxBatch = 8, int prefillChunk = 16, int kvTokens = 4096, int? maxContext = null, int threads = 2, bool vectorAttention = true)
    {
        var dir = Fixtures.Dir(variant);
        var config = ModelConfig.Load(Path.Combine(dir, "config.json"));
        using var ck = SafeTensorsCheckpoint.Open(dir);
        return new InferenceEngine(config, TransformerWeights.Load(ck, config), new EngineOptions(threads, maxBatch, prefillChunk, kvTokens, maxContext, vectorAttention), []);
    }
}
