using Mario.Inference.Tokenization;

namespace Mario.Inference.Tests.Tokenization;

/// <summary>
/// The tiny committed fixtures (256 byte tokens, 20 merges, a special and a normalized added token), in both
/// merge formats. Expected ids come from the @huggingface/tokenizers reference encoder run on the same files.
/// </summary>
public sealed class BpeTokenizerTests
{
    public static TheoryData<string, int[]> ReferenceIds => new()
    {
        { "the and x", [269, 262, 266] },
        { "then", [269, 110] },
        { "in the end<|end|>", [259, 258, 32, 101, 261, 276] },
        { "123 = 12", [49, 50, 51, 267, 32, 49, 50] },
        { "café", [273] },
        { "cafe\u0301", [273] }, // NFC composes e + U+0301 into é before BPE.
        { "a<sep>b", [97, 277, 98] },
        { "  \n\nx", [264, 265, 120] },
        { "let 𝑥=𝟙", [108, 101, 116, 274, 145, 165, 61, 268, 159, 153] },
        { "", [] },
        { "it's", [105, 116, 39, 115] },
    };

    [Theory]
    [MemberData(nameof(ReferenceIds))]
    public void Encode_StringMerges_MatchesReference(string text, int[] expected) =>
        Assert.Equal(expected, TokenizerFixtures.Tiny.Encode(text));

    [Theory]
    [MemberData(nameof(ReferenceIds))]
    public void Encode_PairMerges_MatchesReference(string text, int[] expected) =>
        Assert.Equal(expected, TokenizerFixtures.TinyPairs.Encode(text));

    // The tiny fixture with GPT-2's pre-tokenizer (ByteLevel with use_regex and add_prefix_space, no normalizer);
    // expected ids from the reference encoder. The prefix space is added to each segment between added tokens.
    public static TheoryData<string, int[]> Gpt2StyleReferenceIds => new()
    {
        { "the and x", [258, 262, 266] },
        { "then 123", [258, 110, 32, 275] },
        { "  the  end", [32, 258, 32, 32, 101, 261] },
        { "it's THE'S 12 34", [32, 105, 116, 39, 115, 32, 84, 72, 69, 39, 83, 32, 263, 32, 51, 52] },
        { "a<|end|>the", [260, 276, 258] },
        { "x\n\ny ", [266, 10, 10, 121, 32] },
        { "$x+1", [32, 36, 120, 43, 49] },
        { "中文 the", [32, 228, 184, 173, 230, 150, 135, 258] },
        { "𝑥the", [274, 145, 165, 269] },
    };

    private static readonly Lazy<BpeTokenizer> Gpt2Style = new(() =>
    {
        var json = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(TokenizerFixtures.DataPath("tiny-bpe.json")))!;
        json["pre_tokenizer"] = System.Text.Json.Nodes.JsonNode.Parse(
            "{\"type\": \"ByteLevel\", \"add_prefix_space\": true, \"trim_offsets\": true, \"use_regex\": true}");
        json["normalizer"] = null;
        return BpeTokenizer.Parse(System.Text.Encoding.UTF8.GetBytes(json.ToJsonString()), "tiny-bpe.json (GPT-2 style)");
    });

    [Theory]
    [MemberData(nameof(Gpt2StyleReferenceIds))]
    public void Encode_Gpt2StyleByteLevelRegex_MatchesReference(string text, int[] expected) =>
        Assert.Equal(expected, Gpt2Style.Value.Encode(text));

    [Theory]
    [InlineData("<|end|>", 276)]
    [InlineData("<sep>", 277)]
    [InlineData("<|missing|>", null)]
    [InlineData("the", null)]
    public void SpecialTokenId_LooksUpAddedTokensOnly(string content, int? expected) =>
        Assert.Equal(expected, TokenizerFixtures.Tiny.SpecialTokenId(content));

    [Fact]
    public void VocabSize_CountsAddedTokens() => Assert.Equal(278, TokenizerFixtures.Tiny.VocabSize);

    [Theory]
    [InlineData(32, new byte[] { 0x20 })]
    [InlineData(258, new byte[] { 0x20, (byte)'t', (byte)'h', (byte)'e' })]
    [InlineData(273, new byte[] { (byte)'c', (byte)'a', (byte)'f', 0xC3, 0xA9 })]
    [InlineData(276, new byte[] { (byte)'<', (byte)'|', (byte)'e', (byte)'n', (byte)'d', (byte)'|', (byte)'>' })]
    public void TokenBytes_MapsByteLevelCharactersBackToBytes(int id, byte[] expected) =>
        Assert.Equal(expected, TokenizerFixtures.Tiny.TokenBytes(id).ToArray());

    [Theory]
    [InlineData(new[] { 258, 262 }, " the and")]
    [InlineData(new[] { 240, 157 }, "\uFFFD")] // a truncated 4-byte sequence is one replacement character
    [InlineData(new[] { 276, 97 }, "<|end|>a")]
    public void Decode_JoinsBytesAsUtf8(int[] ids, string expected) =>
        Assert.Equal(expected, TokenizerFixtures.Tiny.Decode(ids));

    [Theory]
    [InlineData(-1)]
    [InlineData(278)]
    public void Decode_IdOutOfRange_ThrowsNamingTheRange(int id)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TokenizerFixtures.Tiny.Decode([id]));
        Assert.Contains("[0, 278)", e.Message);
    }

    [Fact]
    public void Encode_LoneSurrogate_ReadsAsReplacementCharacter() =>
        Assert.Equal(TokenizerFixtures.Tiny.Encode("a\uFFFDb"), TokenizerFixtures.Tiny.Encode("a\uD800b"));

    [Fact]
    public void Encode_HugeSingleWord_UsesHeapMergeAndRoundTrips()
    {
        // 200k letters form one pre-token; the quadratic merge would take minutes, the heap takes milliseconds.
        var text = string.Concat(Enumerable.Repeat("thein", 40_000));
        var ids = TokenizerFixtures.Tiny.Encode(text);
        Assert.Equal(text, TokenizerFixtures.Tiny.Decode(ids));
        Assert.Equal(Enumerable.Repeat<int[]>([269, 259], 40_000).SelectMany(x => x), ids); // "the" + "in"
    }

    public static TheoryData<string, string, string> HostileInputs => new()
    {
        // One 500k-space pre-token: the heap merge keeps it O(n log n).
        { "spaces then a letter", new string(' ', 500_000) + "x", new string(' ', 500_000) + "x" },
        { "newline-space pairs", string.Concat(Enumerable.Repeat("\n ", 200_000)), string.Concat(Enumerable.Repeat("\n ", 200_000)) },
        { "angle brackets", new string('<', 200_000) + "|end|>", new string('<', 200_000) + "|end|>" },

        // 100k marks: canonical reordering moves every U+0323 (class 220) before every U+0301 (230) and the first
        // U+0323 composes with 'a' into U+1EA1; quadratic reordering would not finish.
        {
            "combining marks",
            "a" + string.Concat(Enumerable.Repeat("\u0301\u0323", 50_000)),
            "\u1EA1" + new string('\u0323', 49_999) + new string('\u0301', 50_000)
        },
        { "lone surrogates", string.Concat(Enumerable.Repeat("\uD800x", 100_000)), string.Concat(Enumerable.Repeat("\uFFFDx", 100_000)) },
    };

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void Encode_HostileInput_FinishesAndRoundTrips(string description, string text, string expected) =>
        Assert.True(expected == TokenizerFixtures.Tiny.Decode(TokenizerFixtures.Tiny.Encode(text)), description);

    [Fact]
    public void Load_MissingFile_ThrowsFileNotFoundWithPath()
    {
        var path = Path.Combine(Path.GetTempPath(), "mario-no-such-tokenizer.json");
        var e = Assert.Throws<FileNotFoundException>(() => BpeTokenizer.Load(path));
        Assert.Contains(path, e.Message);
    }
}
