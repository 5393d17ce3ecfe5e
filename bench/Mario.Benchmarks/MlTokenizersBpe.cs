using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Mario.Benchmarks;

/// <summary>
/// Microsoft.ML.Tokenizers' <see cref="BpeTokenizer"/> configured from a Hugging Face byte-level BPE tokenizer.json
/// the way the file says (NFC normalizer, the Split regex pre-tokenizer, the added tokens as special tokens), so the
/// tokenizer benchmark can run it side by side with mario's own BPE on the same documents.
/// </summary>
internal static class MlTokenizersBpe
{
    /// <summary>
    /// Cases that the corpus may lack: letters and digits outside the Basic Multilingual Plane (math alphanumerics,
    /// a CJK extension-B ideograph, an emoji), with BMP text around them, and one BMP-only control line.
    /// </summary>
    public static readonly IReadOnlyList<string> NonBmpProbes =
    [
        "Let 𝑥 + 𝑦 = 𝟏𝟎, find 𝑥.",
        "𝟏𝟐𝟑 + 𝟒𝟓𝟔 = 𝟓𝟕𝟗",
        "ℝ and 𝔽₂ and 𝒪(𝑛 log 𝑛)",
        "The set 𝐀 = {𝟏, 𝟐} has 2 elements.",
        "𠀀𠀁 是 CJK 扩展 B 的字",
        "Great job 😀👍 answer is 42",
        "Plain BMP control: x^2 + 1 = 10, so x = 3.",
    ];

    /// <summary>Loads the tokenizer; throws <see cref="InvalidDataException"/> naming the field when the file is not byte-level BPE.</summary>
    public static Tokenizer Load(string tokenizerJsonPath)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(tokenizerJsonPath));
        var root = document.RootElement;
        var model = root.GetProperty("model");
        if (model.GetProperty("type").GetString() != "BPE")
        {
            throw new InvalidDataException($"{tokenizerJsonPath}: $.model.type: expected \"BPE\"");
        }

        var vocabulary = model.GetProperty("vocab").EnumerateObject().Select(p => new KeyValuePair<string, int>(p.Name, p.Value.GetInt32())).ToList();
        var merges = model.GetProperty("merges").EnumerateArray()
            .Select(m => m.ValueKind == JsonValueKind.Array ? $"{m[0].GetString()} {m[1].GetString()}" : m.GetString()!)
            .ToList();
        var special = root.GetProperty("added_tokens").EnumerateArray()
            .ToDictionary(t => t.GetProperty("content").GetString()!, t => t.GetProperty("id").GetInt32());
        var pattern = FindSplitRegex(root.GetProperty("pre_tokenizer"))
            ?? throw new InvalidDataException($"{tokenizerJsonPath}: $.pre_tokenizer: no Split regex found");
        var normalizer = root.TryGetProperty("normalizer", out var n) && n.ValueKind == JsonValueKind.Object && n.GetProperty("type").GetString() == "NFC"
            ? new NfcNormalizer()
            : null;
        return BpeTokenizer.Create(new BpeOptions(vocabulary)
        {
            Merges = merges,
            SpecialTokens = special,
            PreTokenizer = new RegexPreTokenizer(new Regex(pattern, RegexOptions.Compiled), special),
            Normalizer = normalizer,
            ByteLevel = true,
        });
    }

    /// <summary>True when <paramref name="text"/> has a character outside the BMP (a surrogate pair in UTF-16).</summary>
    public static bool HasNonBmp(string text) => text.AsSpan().IndexOfAnyInRange('\uD800', '\uDBFF') >= 0;

    private static string? FindSplitRegex(JsonElement preTokenizer)
    {
        if (preTokenizer.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (preTokenizer.GetProperty("type").GetString() == "Split" && preTokenizer.GetProperty("pattern").TryGetProperty("Regex", out var regex))
        {
            return regex.GetString();
        }

        return preTokenizer.TryGetProperty("pretokenizers", out var list)
            ? list.EnumerateArray().Select(FindSplitRegex).FirstOrDefault(p => p is not null)
            : null;
    }

    /// <summary>Unicode NFC, the Qwen2 tokenizer.json's normalizer (the package ships none).</summary>
    private sealed class NfcNormalizer : Normalizer
    {
        public override string Normalize(string original) => original.Normalize(NormalizationForm.FormC);

        public override string Normalize(ReadOnlySpan<char> original) => original.ToString().Normalize(NormalizationForm.FormC);
    }
}
