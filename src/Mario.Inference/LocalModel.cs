using Mario.Inference.Engine;
using Mario.Inference.Tokenization;
using Mario.Inference.Transformer;

namespace Mario.Inference;

/// <summary>A loaded Hugging Face folder: one engine (weights + prefix cache) shared by the policy and the optional value head.</summary>
public sealed class LocalModel : IDisposable
{
    internal LocalModel(string directory, ModelConfig config, InferenceEngine engine, ITokenizer tokenizer, ValueHead? valueHead, string id)
    {
        Directory = directory;
        Config = config;
        Engine = engine;
        Tokenizer = tokenizer;
        LanguageModel = new LocalLanguageModel(id, engine, tokenizer);
        ValueHead = valueHead;
        ValueModel = valueHead is null ? null : new LocalValueModel(id + "#value", engine, tokenizer, valueHead);
    }

    /// <summary>The folder it was loaded from.</summary>
    public string Directory { get; }

    /// <summary>config.json.</summary>
    public ModelConfig Config { get; }

    /// <summary>The engine.</summary>
    public InferenceEngine Engine { get; }

    /// <summary>The tokenizer from tokenizer.json.</summary>
    public ITokenizer Tokenizer { get; }

    /// <summary>The policy.</summary>
    public LocalLanguageModel LanguageModel { get; }

    /// <summary>The value head, when the checkpoint has one.</summary>
    public ValueHead? ValueHead { get; }

    /// <summary>The value model, or null when the checkpoint has no value head.</summary>
    public LocalValueModel? ValueModel { get; }

    /// <inheritdoc />
    public void Dispose() => Engine.Dispose();
}
