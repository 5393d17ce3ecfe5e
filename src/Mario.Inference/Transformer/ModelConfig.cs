using System.Text.Json;

namespace Mario.Inference.Transformer;

/// <summary>
/// The hyperparameters of a Qwen2 or Llama checkpoint, read from its config.json (the counterpart of llama2.c's <c>Config</c>).
/// </summary>
/// <param name="Architecture">Qwen2 or Llama (from <c>architectures[0]</c>).</param>
/// <param name="HiddenSize">Width of the residual stream, C (<c>hidden_size</c>).</param>
/// <param name="IntermediateSize">Width of the SwiGLU hidden layer, I (<c>intermediate_size</c>).</param>
/// <param name="NumLayers">Number of decoder blocks, L (<c>num_hidden_layers</c>).</param>
/// <param name="NumHeads">Query heads, nh (<c>num_attention_heads</c>).</param>
/// <param name="NumKvHeads">Key/value heads, nkv, dividing nh (<c>num_key_value_heads</c>; grouped-query attention when smaller).</param>
/// <param name="HeadDim">Per-head width, hd (<c>head_dim</c>, default C / nh); even.</param>
/// <param name="VocabSize">Rows of the embedding and LM head, V (<c>vocab_size</c>); may exceed the tokenizer's vocabulary.</param>
/// <param name="MaxPositions">Context window in tokens (<c>max_position_embeddings</c>).</param>
/// <param name="RopeTheta">RoPE base (<c>rope_theta</c>, default 10000).</param>
/// <param name="RopeScaling">Long-context rescaling of the rotary frequencies.</param>
/// <param name="RmsNormEps">Epsilon inside RMSNorm's square root (<c>rms_norm_eps</c>).</param>
/// <param name="TieWordEmbeddings">When true the LM head reuses the embedding matrix (<c>tie_word_embeddings</c>).</param>
/// <param name="AttentionBias">Whether q/k/v projections have biases (always for Qwen2; <c>attention_bias</c> for Llama).</param>
/// <param name="EosTokenIds">End-of-sequence ids from <c>eos_token_id</c> (a number or a list); may be empty.</param>
public sealed record ModelConfig(
    ModelArchitecture Architecture,
    int HiddenSize,
    int IntermediateSize,
    int NumLayers,
    int NumHeads,
    int NumKvHeads,
    int HeadDim,
    int VocabSize,
    int MaxPositions,
    double RopeTheta,
    RopeScaling RopeScaling,
    float RmsNormEps,
    bool TieWordEmbeddings,
    bool AttentionBias,
    IReadOnlyList<int> EosTokenIds)
{
    /// <summary>Width of all query heads together, nh * hd.</summary>
    public int QueryDim => NumHeads * HeadDim;

    /// <summary>Width of all key (or value) heads together, nkv * hd.</summary>
    public int KvDim => NumKvHeads * HeadDim;

    /// <summary>Reads and validates <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">A field is missing or out of range, or the architecture is not supported; the message names the field.</exception>
    public static ModelConfig Load(string path) => Parse(File.ReadAllText(path), path);

    /// <summary>Parses config.json text; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="InvalidDataException">As for <see cref="Load"/>.</exception>
    public static ModelConfig Parse(string json, string source)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{source}: malformed JSON at line {e.LineNumber + 1}: {e.Message}");
        }

        using var _ = doc;
        var root = doc.RootElement;
        InvalidDataException Bad(string field, string what) => new($"{source}: field '{field}' {what}");

        if (!root.TryGetProperty("architectures", out var archs) || archs.ValueKind != JsonValueKind.Array || archs.GetArrayLength() == 0)
        {
            throw Bad("architectures", "is missing; expected e.g. [\"Qwen2ForCausalLM\"] or [\"LlamaForCausalLM\"]");
        }

        var archName = archs[0].GetString();
        var arch = archName switch
        {
            "Qwen2ForCausalLM" => ModelArchitecture.Qwen2,
            "LlamaForCausalLM" => ModelArchitecture.Llama,
            _ => throw Bad("architectures", $"names '{archName}', which is not supported (supported: Qwen2ForCausalLM, LlamaForCausalLM)"),
        };

        int Int(string field, int? fallback = null, int min = 1)
        {
            if (!root.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return fallback ?? throw Bad(field, "is missing");
            }

            if (v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var i) || i < min)
            {
                throw Bad(field, $"is {v.GetRawText()}; expected an integer >= {min}");
            }

            return i;
        }

        double Num(string field, double fallback)
        {
            if (!root.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                return fallback;
            }

            if (v.ValueKind != JsonValueKind.Number || !(v.GetDouble() > 0))
            {
                throw Bad(field, $"is {v.GetRawText()}; expected a positive number");
            }

            return v.GetDouble();
        }

        bool Flag(string field, bool fallback) =>
            !root.TryGetProperty(field, out var v) || v.ValueKind == JsonValueKind.Null ? fallback
            : v.ValueKind is JsonValueKind.True or JsonValueKind.False ? v.GetBoolean()
            : throw Bad(field, $"is {v.GetRawText()}; expected true or false");

        if (root.TryGetProperty("hidden_act", out var act) && act.GetString() is { } a && a != "silu")
        {
            throw Bad("hidden_act", $"is '{a}'; only 'silu' (SwiGLU) is supported");
        }

        if (Flag("use_sliding_window", false))
        {
            throw Bad("use_sliding_window", "is true; sliding-window attention is not supported");
        }

        var hidden = Int("hidden_size");
        var heads = Int("num_attention_heads");
        var kvHeads = Int("num_key_value_heads", heads);
        if (heads % kvHeads != 0)
        {
            throw Bad("num_key_value_heads", $"is {kvHeads}, which does not divide num_attention_heads = {heads}");
        }

        if (!root.TryGetProperty("head_dim", out var hdEl) || hdEl.ValueKind == JsonValueKind.Null)
        {
            if (hidden % heads != 0)
            {
                throw Bad("hidden_size", $"is {hidden}, which num_attention_heads = {heads} does not divide (and there is no head_dim)");
            }
        }

        var headDim = Int("head_dim", hidden / heads);
        if (headDim % 2 != 0)
        {
            throw Bad("head_dim", $"is {headDim}; RoPE needs an even head size");
        }

        var eos = new List<int>();
        if (root.TryGetProperty("eos_token_id", out var eosEl))
        {
            if (eosEl.ValueKind == JsonValueKind.Number)
            {
                eos.Add(eosEl.GetInt32());
            }
            else if (eosEl.ValueKind == JsonValueKind.Array)
            {
                eos.AddRange(eosEl.EnumerateArray().Select(x => x.GetInt32()));
            }
        }

        return new ModelConfig(
            arch,
            hidden,
            Int("intermediate_size"),
            Int("num_hidden_layers"),
            heads,
            kvHeads,
            headDim,
            Int("vocab_size"),
            Int("max_position_embeddings", 2048),
            Num("rope_theta", 10000),
            ParseRopeScaling(root, source),
            (float)Num("rms_norm_eps", 1e-6),
            Flag("tie_word_embeddings", false),
            arch == ModelArchitecture.Qwen2 || Flag("attention_bias", false),
            eos);
    }

    private static RopeScaling ParseRopeScaling(JsonElement root, string source)
    {
        if (!root.TryGetProperty("rope_scaling", out var s) || s.ValueKind == JsonValueKind.Null)
        {
            return RopeScaling.None;
        }

        InvalidDataException Bad(string what) => new($"{source}: field 'rope_scaling' {what}");
        if (s.ValueKind != JsonValueKind.Object)
        {
            throw Bad("must be an object or null");
        }

        var type = s.TryGetProperty("rope_type", out var t) ? t.GetString() : s.TryGetProperty("type", out t) ? t.GetString() : null;
        double Get(string name)
        {
            if (!s.TryGetProperty(name, out var v) || v.ValueKind != JsonValueKind.Number || !(v.GetDouble() > 0))
            {
                throw Bad($"needs a positive number '{name}' for rope_type '{type}'");
            }

            return v.GetDouble();
        }

        return type switch
        {
            "default" => RopeScaling.None,
            "linear" => new RopeScaling(RopeScalingKind.Linear, Get("factor")),
            "llama3" => new RopeScaling(RopeScalingKind.Llama3, Get("factor"), Get("low_freq_factor"), Get("high_freq_factor"),
                (int)Get("original_max_position_embeddings")) is var r && r.HighFreqFactor > r.LowFreqFactor
                ? r
                : throw Bad("needs high_freq_factor > low_freq_factor"),
            _ => throw Bad($"has rope_type '{type}', which is not supported (supported: linear, llama3)"),
        };
    }
}
