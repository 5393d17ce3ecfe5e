using System.Text.Json;

namespace Mario.Inference.Tokenization;

/// <summary>
/// The special-token roles from a model folder's <c>tokenizer_config.json</c> (which token ends a sequence,
/// starts one, pads), resolved to ids. Chat templates are not read.
/// </summary>
/// <param name="BosTokenId">Id of <c>bos_token</c>, or null when the config names none.</param>
/// <param name="EosTokenId">Id of <c>eos_token</c> (Qwen2.5-Instruct: <c>&lt;|im_end|&gt;</c>), or null when the config names none.</param>
/// <param name="PadTokenId">Id of <c>pad_token</c>, or null when the config names none.</param>
/// <param name="AddBosToken">The config's <c>add_bos_token</c>, or null when it does not say.</param>
public sealed record TokenizerConfig(int? BosTokenId, int? EosTokenId, int? PadTokenId, bool? AddBosToken)
{
    /// <summary>A config with no special-token roles (for a folder without tokenizer_config.json).</summary>
    public static TokenizerConfig None { get; } = new(null, null, null, null);

    /// <summary>Reads <c>DIR/tokenizer_config.json</c>, or returns <see cref="None"/> when the folder has none.</summary>
    /// <exception cref="TokenizerFormatException">The file is malformed or names a token the tokenizer does not have.</exception>
    public static TokenizerConfig LoadFromDirectory(string directory, ITokenizer tokenizer)
    {
        var path = Path.Combine(directory, "tokenizer_config.json");
        return File.Exists(path) ? Load(path, tokenizer) : None;
    }

    /// <summary>Reads a tokenizer_config.json file and resolves its token names with <paramref name="tokenizer"/>.</summary>
    /// <exception cref="TokenizerFormatException">The file is malformed or names a token the tokenizer does not have.</exception>
    public static TokenizerConfig Load(string path, ITokenizer tokenizer)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(path));
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(path, "$", $"not valid JSON (line {e.LineNumber + 1}): {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new TokenizerFormatException(path, "$", "expected an object");
            }

            bool? addBos = null;
            if (root.TryGetProperty("add_bos_token", out var add) && add.ValueKind is JsonValueKind.True or JsonValueKind.False)
            {
                addBos = add.GetBoolean();
            }

            return new TokenizerConfig(
                TokenId(root, "bos_token", path, tokenizer),
                TokenId(root, "eos_token", path, tokenizer),
                TokenId(root, "pad_token", path, tokenizer),
                addBos);
        }
    }

    // A token is written as "content" or, in older configs, as {"content": "...", ...}.
    private static int? TokenId(JsonElement root, string field, string path, ITokenizer tokenizer)
    {
        if (!root.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var content = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Object when value.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String => c.GetString(),
            _ => throw new TokenizerFormatException(path, $"$.{field}", $"expected a string or {{\"content\": ...}}, found {value.ValueKind}"),
        };
        if (string.IsNullOrEmpty(content))
        {
            throw new TokenizerFormatException(path, $"$.{field}", "expected a non-empty token");
        }

        if (tokenizer.SpecialTokenId(content) is { } id)
        {
            return id;
        }

        // Some configs name an ordinary vocabulary token; it must then encode to exactly one id.
        var ids = tokenizer.Encode(content);
        return ids.Length == 1
            ? ids[0]
            : throw new TokenizerFormatException(path, $"$.{field}", $"\"{content}\" is not a single token of the tokenizer");
    }
}
