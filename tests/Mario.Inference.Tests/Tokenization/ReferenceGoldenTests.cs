namespace Mario.Inference.Tests.Tokenization;

/// <summary>
/// Ids from the real Qwen2.5, Qwen3 and Llama 3 vocabularies against the reference encoder's ids
/// (tools/tokenizer-golden/generate.mjs; @huggingface/tokenizers 0.2.0, cross-checked with @lenml/tokenizers).
/// </summary>
public sealed class ReferenceGoldenTests
{
    private const string Qwen25File = "qwen2_5-golden.jsonl";
    private const string Qwen3File = "qwen3-golden.jsonl";
    private const string Llama3File = "llama3-golden.jsonl";

    /// <summary>Row indexes of the Qwen2.5 golden file.</summary>
    public static IEnumerable<object[]> Qwen25Rows => GoldenRow.Indexes(Qwen25File);

    /// <summary>Row indexes of the Qwen3 golden file.</summary>
    public static IEnumerable<object[]> Qwen3Rows => GoldenRow.Indexes(Qwen3File);

    /// <summary>Row indexes of the Llama 3 golden file.</summary>
    public static IEnumerable<object[]> Llama3Rows => GoldenRow.Indexes(Llama3File);

    [NpmFixtureTheory]
    [MemberData(nameof(Qwen25Rows))]
    public void Encode_Qwen25_MatchesReferenceIds(int row) =>
        AssertRow(TokenizerFixtures.Qwen25, GoldenRow.Load(Qwen25File)[row], row);

    [NpmFixtureTheory]
    [MemberData(nameof(Qwen3Rows))]
    public void Encode_Qwen3PairMerges_MatchesReferenceIds(int row) =>
        AssertRow(TokenizerFixtures.Qwen3, GoldenRow.Load(Qwen3File)[row], row);

    [NpmFixtureTheory]
    [MemberData(nameof(Llama3Rows))]
    public void Encode_Llama3IgnoreMergesAndDigitGroups_MatchesReferenceIds(int row) =>
        AssertRow(TokenizerFixtures.Llama3, GoldenRow.Load(Llama3File)[row], row);

    [NpmFixtureFact]
    public void Load_Qwen25_HasTheRealVocabularyShape()
    {
        var tokenizer = TokenizerFixtures.Qwen25;
        Assert.Equal(151665, tokenizer.VocabSize);
        Assert.Equal(151387, tokenizer.MergeCount);
        Assert.Equal(151643, tokenizer.SpecialTokenId("<|endoftext|>"));
        Assert.Equal(151645, tokenizer.SpecialTokenId("<|im_end|>"));
        Assert.Equal(151657, tokenizer.SpecialTokenId("<tool_call>"));
        Assert.Null(tokenizer.SpecialTokenId("<|not_a_token|>"));
        Assert.Equal(" world"u8.ToArray(), tokenizer.TokenBytes(1879).ToArray());
    }

    [NpmFixtureFact]
    public void Encode_MathItalicOutsideBmp_SplitsAsReference()
    {
        // The case in DEPENDENCIES.md: .NET Regex would keep " 𝑥=𝟙" together.
        Assert.Equal(
            [1149, 81250, 239, 98, 28, 56252, 253, 247, 323, 81250, 239, 99],
            TokenizerFixtures.Qwen25.Encode("let 𝑥=𝟙 and 𝑦"));
    }

    [NpmFixtureFact]
    public void Encode_ManyThreadsSharingOneCache_GiveTheSameIds()
    {
        // A fresh instance so that the threads race to fill the same empty cache.
        var tokenizer = Mario.Inference.Tokenization.BpeTokenizer.Load(TokenizerFixtures.NpmTokenizerPath("tokenizer-qwen2_5"));
        var rows = GoldenRow.Load(Qwen25File);
        var work = Enumerable.Range(0, 8).SelectMany(_ => rows).ToArray();
        var mismatches = 0;
        Parallel.ForEach(work, new ParallelOptions { MaxDegreeOfParallelism = 8 }, row =>
        {
            if (!row.Ids.AsSpan().SequenceEqual(tokenizer.Encode(row.Text)))
            {
                Interlocked.Increment(ref mismatches);
            }
        });
        Assert.Equal(0, mismatches);
    }

    private static void AssertRow(Mario.Inference.Tokenization.BpeTokenizer tokenizer, GoldenRow golden, int row)
    {
        var ids = tokenizer.Encode(golden.Text);
        Assert.True(
            golden.Ids.AsSpan().SequenceEqual(ids),
            $"row {row} {System.Text.Json.JsonSerializer.Serialize(golden.Text)}\n expected [{string.Join(",", golden.Ids)}]\n actual   [{string.Join(",", ids)}]");
        Assert.Equal(golden.Decoded, tokenizer.Decode(golden.Ids));
    }
}
