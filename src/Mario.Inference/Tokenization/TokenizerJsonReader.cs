using System.Text.Json;
using Mario.Inference.Tokenization.Model;
using Mario.Inference.Tokenization.PreTokenization;

namespace Mario.Inference.Tokenization;

/// <summary>Reads a Hugging Face tokenizer.json into a <see cref="BpeTokenizer"/>, naming the JSON path of every problem.</summary>
internal sealed class TokenizerJsonReader
{
    private const string Qwen2Regex =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private const string Llama3Regex =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private const string Gpt2Regex = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    // Ids index dense tables; a hostile id such as 2^31 - 1 must not allocate gigabytes. Real vocabularies stay
    // far below this (Qwen 151,665; Gemma 262,144).
    private const int MaxId = 1 << 24;

    private readonly string source;
    private readonly List<SplitPattern> splits = [];
    private bool sawByteLevel;
    private bool addPrefixSpace;

    private TokenizerJsonReader(string source) => this.source = source;

    /// <summary>Parses UTF-8 JSON; <paramref name="source"/> names the file in error messages.</summary>
    public static BpeTokenizer Parse(ReadOnlySpan<byte> utf8Json, string source)
    {
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 64 });
            document = JsonDocument.ParseValue(ref reader);
        }
        catch (JsonException e)
        {
            throw new TokenizerFormatException(
                source, "$", $"not valid JSON (line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}): {e.Message}", e);
        }

        using (document)
        {
            try
            {
                return new TokenizerJsonReader(source).Read(document.RootElement);
            }
            catch (InvalidOperationException e)
            {
                // System.Text.Json refuses strings it cannot represent (an escaped lone surrogate, for one).
                throw new TokenizerFormatException(source, "$", $"unreadable JSON value: {e.Message}", e);
            }
        }
    }

    private BpeTokenizer Read(JsonElement root)
    {
        Expect(root, JsonValueKind.Object, "$", "an object");
        var model = Required(root, "model", "$");
        Expect(model, JsonValueKind.Object, "$.model", "an object");
        var type = OptionalString(model, "type", "$.model");
        if (type is not null && type != "BPE")
        {
            throw Fail("$.model.type", $"unsupported model type \"{type}\"; mario reads byte-level \"BPE\" models only");
        }

        RejectUnsupportedBpeOptions(model);
        var vocab = ReadVocab(Required(model, "vocab", "$.model"));
        var added = ReadAddedTokens(root);
        var unknownToken = OptionalString(model, "unk_token", "$.model");
        var unknownId = -1;
        if (unknownToken is not null && !vocab.TryGetValue(unknownToken, out unknownId))
        {
            throw Fail("$.model.unk_token", $"\"{unknownToken}\" is not in $.model.vocab");
        }

        var merges = ReadMerges(Required(model, "merges", "$.model"), vocab);
        var byteIds = new int[256];
        for (var b = 0; b < 256; b++)
        {
            byteIds[b] = vocab.TryGetValue(ByteLevelAlphabet.ToChar((byte)b).ToString(), out var id) ? id : -1;
        }

        var merger = new BpeMerger(merges, byteIds, unknownId, OptionalBool(model, "fuse_unk", "$.model") ?? false);
        var nfc = ReadNormalizer(root);
        if (root.TryGetProperty("pre_tokenizer", out var pre) && pre.ValueKind != JsonValueKind.Null)
        {
            ReadPreTokenizer(pre, "$.pre_tokenizer");
        }

        if (!sawByteLevel)
        {
            throw Fail("$.pre_tokenizer", "no ByteLevel pre-tokenizer; mario implements byte-level BPE (GPT-2, Llama 3, Qwen) only");
        }

        ReadDecoder(root);
        return new BpeTokenizer(
            vocab, merger, OptionalBool(model, "ignore_merges", "$.model") ?? false, nfc, splits, addPrefixSpace, added);
    }

    private void RejectUnsupportedBpeOptions(JsonElement model)
    {
        if (model.TryGetProperty("dropout", out var dropout) && dropout.ValueKind != JsonValueKind.Null
            && !(dropout.ValueKind == JsonValueKind.Number && dropout.GetDouble() == 0))
        {
            throw Fail("$.model.dropout", "BPE dropout is not supported (expected null)");
        }

        foreach (var name in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
        {
            if (!string.IsNullOrEmpty(OptionalString(model, name, "$.model")))
            {
                throw Fail($"$.model.{name}", "not supported for byte-level BPE (expected null or \"\")");
            }
        }

        if (OptionalBool(model, "byte_fallback", "$.model") == true)
        {
            throw Fail("$.model.byte_fallback", "byte_fallback (SentencePiece-style BPE) is not supported (expected false)");
        }
    }

    private Dictionary<string, int> ReadVocab(JsonElement vocab)
    {
        Expect(vocab, JsonValueKind.Object, "$.model.vocab", "an object of token -> id");
        var map = new Dictionary<string, int>(StringComparer.Ordinal);
        var byId = new Dictionary<int, string>();
        foreach (var entry in vocab.EnumerateObject())
        {
            // Paths are built only on error: 151k interpolated strings cost more than the parse itself.
            if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var id) || id is < 0 or >= MaxId)
            {
                throw Fail(VocabPath(entry.Name), $"expected an integer id in [0, {MaxId}), found {Describe(entry.Value)}");
            }

            if (!byId.TryAdd(id, entry.Name))
            {
                throw Fail(VocabPath(entry.Name), $"id {id} is also used by {JsonSerializer.Serialize(byId[id])}");
            }

            map[entry.Name] = id;
        }

        return map;
    }

    private static string VocabPath(string token) => $"$.model.vocab[{JsonSerializer.Serialize(token)}]";

    private Dictionary<long, BpeMerger.Merge> ReadMerges(JsonElement merges, Dictionary<string, int> vocab)
    {
        Expect(merges, JsonValueKind.Array, "$.model.merges", "an array of \"a b\" strings or [a, b] pairs");
        // A plain dictionary while reading (last rank wins); BpeMerger turns it into a flat PairMergeTable.
        var map = new Dictionary<long, BpeMerger.Merge>(merges.GetArrayLength());
        var rank = 0;
        foreach (var merge in merges.EnumerateArray())
        {
            string left, right;
            if (merge.ValueKind == JsonValueKind.String)
            {
                var text = merge.GetString()!;
                var space = text.IndexOf(' ');
                if (space <= 0 || space == text.Length - 1 || text.IndexOf(' ', space + 1) >= 0)
                {
                    throw Fail(MergePath(rank), $"expected \"a b\" (two tokens separated by one space), found {Describe(merge)}");
                }

                (left, right) = (text[..space], text[(space + 1)..]);
            }
            else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2
                     && merge[0].ValueKind == JsonValueKind.String && merge[1].ValueKind == JsonValueKind.String)
            {
                (left, right) = (merge[0].GetString()!, merge[1].GetString()!);
            }
            else
            {
                throw Fail(MergePath(rank), $"expected a string \"a b\" or a pair [\"a\", \"b\"], found {Describe(merge)}");
            }

            var leftId = VocabId(vocab, left, rank);
            var rightId = VocabId(vocab, right, rank);
            var mergedId = VocabId(vocab, left + right, rank);

            // A pair listed twice keeps its last rank, as the reference implementations do.
            map[((long)leftId << 32) | (uint)rightId] = new BpeMerger.Merge(rank, mergedId);
            rank++;
        }

        return map;
    }

    private int VocabId(Dictionary<string, int> vocab, string token, int rank) =>
        vocab.TryGetValue(token, out var id)
            ? id
            : throw Fail(MergePath(rank), $"token {JsonSerializer.Serialize(token)} is not in $.model.vocab");

    private static string MergePath(int rank) => $"$.model.merges[{rank}]";

    private List<AddedToken> ReadAddedTokens(JsonElement root)
    {
        var result = new List<AddedToken>();
        if (!root.TryGetProperty("added_tokens", out var tokens) || tokens.ValueKind == JsonValueKind.Null)
        {
            return result;
        }

        Expect(tokens, JsonValueKind.Array, "$.added_tokens", "an array");
        var index = 0;
        foreach (var token in tokens.EnumerateArray())
        {
            var path = $"$.added_tokens[{index++}]";
            Expect(token, JsonValueKind.Object, path, "an object with id and content");
            var idElement = Required(token, "id", path);
            if (idElement.ValueKind != JsonValueKind.Number || !idElement.TryGetInt32(out var id) || id is < 0 or >= MaxId)
            {
                throw Fail(path + ".id", $"expected an integer id in [0, {MaxId}), found {Describe(idElement)}");
            }

            var content = OptionalString(token, "content", path) ?? throw Fail(path + ".content", "missing; expected a string");
            if (content.Length == 0)
            {
                throw Fail(path + ".content", "expected a non-empty string");
            }

            var special = OptionalBool(token, "special", path) ?? false;
            result.Add(new AddedToken(
                id,
                content,
                special,
                OptionalBool(token, "normalized", path) ?? !special,
                OptionalBool(token, "single_word", path) ?? false,
                OptionalBool(token, "lstrip", path) ?? false,
                OptionalBool(token, "rstrip", path) ?? false));
        }

        return result;
    }

    // Returns whether text is NFC-normalized; other normalizers are rejected by name.
    private bool ReadNormalizer(JsonElement root)
    {
        if (!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        return ReadNormalizer(normalizer, "$.normalizer");
    }

    private bool ReadNormalizer(JsonElement normalizer, string path)
    {
        Expect(normalizer, JsonValueKind.Object, path, "an object with a type");
        var type = OptionalString(normalizer, "type", path) ?? throw Fail(path + ".type", "missing; expected a string");
        switch (type)
        {
            case "NFC":
                return true;
            case "Sequence":
                var items = Required(normalizer, "normalizers", path);
                Expect(items, JsonValueKind.Array, path + ".normalizers", "an array");
                var nfc = false;
                var i = 0;
                foreach (var item in items.EnumerateArray())
                {
                    nfc |= ReadNormalizer(item, $"{path}.normalizers[{i++}]");
                }

                return nfc;
            default:
                throw Fail(path + ".type", $"unsupported normalizer \"{type}\"; mario implements NFC (or none)");
        }
    }

    private void ReadPreTokenizer(JsonElement pre, string path)
    {
        Expect(pre, JsonValueKind.Object, path, "an object with a type");
        var type = OptionalString(pre, "type", path) ?? throw Fail(path + ".type", "missing; expected a string");
        switch (type)
        {
            case "Sequence":
                var items = Required(pre, "pretokenizers", path);
                Expect(items, JsonValueKind.Array, path + ".pretokenizers", "an array");
                var i = 0;
                foreach (var item in items.EnumerateArray())
                {
                    ReadPreTokenizer(item, $"{path}.pretokenizers[{i++}]");
                }

                break;
            case "ByteLevel":
                if (sawByteLevel)
                {
                    throw Fail(path, "a second ByteLevel pre-tokenizer would map bytes twice");
                }

                sawByteLevel = true;
                if (OptionalBool(pre, "add_prefix_space", path) ?? true)
                {
                    if (splits.Count > 0)
                    {
                        throw Fail(path + ".add_prefix_space", "add_prefix_space after a Split is not supported (expected false)");
                    }

                    addPrefixSpace = true;
                }

                if (OptionalBool(pre, "use_regex", path) ?? true)
                {
                    splits.Add(SplitPattern.Gpt2);
                }

                break;
            case "Split":
                if (sawByteLevel)
                {
                    throw Fail(path, "a Split after the ByteLevel pre-tokenizer is not supported (it would see byte characters)");
                }

                splits.Add(ReadSplit(pre, path));
                break;
            default:
                throw Fail(path + ".type", $"unsupported pre-tokenizer \"{type}\"; mario implements Sequence, Split and ByteLevel");
        }
    }

    private SplitPattern ReadSplit(JsonElement split, string path)
    {
        var behavior = OptionalString(split, "behavior", path);
        if (behavior != "Isolated")
        {
            throw Fail(path + ".behavior", $"unsupported split behavior \"{behavior}\"; expected \"Isolated\"");
        }

        if (OptionalBool(split, "invert", path) == true)
        {
            throw Fail(path + ".invert", "inverted splits are not supported (expected false)");
        }

        var pattern = Required(split, "pattern", path);
        var regex = pattern.ValueKind == JsonValueKind.Object ? OptionalString(pattern, "Regex", path + ".pattern") : null;
        return regex switch
        {
            Qwen2Regex => SplitPattern.Qwen2,
            Llama3Regex => SplitPattern.Llama3,
            Gpt2Regex => SplitPattern.Gpt2,
            null => throw Fail(path + ".pattern", $"expected {{\"Regex\": ...}}, found {Describe(pattern)}"),
            _ => throw Fail(
                path + ".pattern.Regex",
                $"unsupported regex {JsonSerializer.Serialize(regex)}; mario evaluates the Qwen2, Llama 3 and GPT-2 patterns exactly"),
        };
    }

    private void ReadDecoder(JsonElement root)
    {
        if (!root.TryGetProperty("decoder", out var decoder) || decoder.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        Expect(decoder, JsonValueKind.Object, "$.decoder", "an object with a type");
        var type = OptionalString(decoder, "type", "$.decoder");
        if (type != "ByteLevel")
        {
            throw Fail("$.decoder.type", $"unsupported decoder \"{type}\"; expected \"ByteLevel\"");
        }
    }

    private JsonElement Required(JsonElement obj, string name, string path) =>
        obj.TryGetProperty(name, out var value) ? value : throw Fail($"{path}.{name}", "missing");

    private string? OptionalString(JsonElement obj, string name, string path)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw Fail($"{path}.{name}", $"expected a string, found {Describe(value)}");
    }

    private bool? OptionalBool(JsonElement obj, string name, string path)
    {
        if (!obj.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Fail($"{path}.{name}", $"expected true or false, found {Describe(value)}"),
        };
    }

    private void Expect(JsonElement element, JsonValueKind kind, string path, string expected)
    {
        if (element.ValueKind != kind)
        {
            throw Fail(path, $"expected {expected}, found {Describe(element)}");
        }
    }

    private static string Describe(JsonElement element)
    {
        var text = element.GetRawText();
        return text.Length <= 60 ? text : text[..57] + "...";
    }

    private TokenizerFormatException Fail(string path, string problem) => new(source, path, problem);
}
