using System.Text.Json;
using Mario.Inference.Engine;
using Mario.Inference.SafeTensors;
using Mario.Inference.Tokenization;
using Mario.Inference.Transformer;

namespace Mario.Inference;

/// <summary>Loads a Hugging Face folder (config.json, safetensors, tokenizer.json, optional value head) for <c>--model local:DIR</c> / <c>--value local:DIR</c>.</summary>
public static class LocalModelLoader
{
    /// <summary>
    /// Loads <paramref name="directory"/>. <paramref name="tokenizerFactory"/> receives the path of tokenizer.json
    /// (pass <c>BpeTokenizer.Load</c>). The value head is read from value_head.safetensors or the model's own tensors.
    /// <paramref name="id"/> names the model in run summaries (default <c>local:</c> and the folder's name).
    /// </summary>
    /// <exception cref="FileNotFoundException">config.json, the weights or tokenizer.json are missing.</exception>
    /// <exception cref="InvalidDataException">config.json or a tensor shape is invalid (the message names it).</exception>
    /// <exception cref="SafeTensorsFormatException">A weights file is malformed.</exception>
    public static LocalModel Load(string directory, Func<string, ITokenizer> tokenizerFactory, EngineOptions? options = null,
        ValueHeadActivation valueActivation = ValueHeadActivation.Tanh, string? id = null)
    {
        if (!System.IO.Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"model folder '{directory}' does not exist");
        }

        var configPath = Require(directory, "config.json");
        var tokenizerPath = Require(directory, "tokenizer.json");
        var config = ModelConfig.Load(configPath);
        var tokenizer = tokenizerFactory(tokenizerPath);

        using var checkpoint = SafeTensorsCheckpoint.Open(directory);
        var weights = TransformerWeights.Load(checkpoint, config);
        ValueHead? head;
        var headPath = Path.Combine(directory, ValueHead.FileName);
        if (File.Exists(headPath))
        {
            using var headFile = SafeTensorsCheckpoint.OpenFile(headPath);
            head = ValueHead.TryLoad(headFile, config.HiddenSize, valueActivation)
                   ?? throw new InvalidDataException($"{headPath}: no value head tensors (expected v_head.summary.weight, v_head.weight or score.weight)");
        }
        else
        {
            head = ValueHead.TryLoad(checkpoint, config.HiddenSize, valueActivation);
        }

        var stops = new HashSet<int>(config.EosTokenIds);
        stops.UnionWith(GenerationConfigEos(directory));
        if (stops.Count == 0 && tokenizer.SpecialTokenId("<|endoftext|>") is { } eot)
        {
            stops.Add(eot);
        }

        var engine = new InferenceEngine(config, weights, options ?? EngineOptions.Default, stops, Math.Min(tokenizer.VocabSize, config.VocabSize));
        return new LocalModel(directory, config, engine, tokenizer, head, id ?? "local:" + Path.GetFileName(Path.TrimEndingDirectorySeparator(directory)));
    }

    private static string Require(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        return File.Exists(path) ? path : throw new FileNotFoundException($"model folder '{directory}' has no {name}", path);
    }

    private static IEnumerable<int> GenerationConfigEos(string directory)
    {
        var path = Path.Combine(directory, "generation_config.json");
        if (!File.Exists(path))
        {
            return [];
        }

        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(path));
            if (!doc.RootElement.TryGetProperty("eos_token_id", out var e))
            {
                return [];
            }

            return e.ValueKind switch
            {
                JsonValueKind.Number => [e.GetInt32()],
                JsonValueKind.Array => e.EnumerateArray().Select(x => x.GetInt32()).ToArray(),
                _ => [],
            };
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{path}: malformed JSON: {ex.Message}");
        }
    }
}
