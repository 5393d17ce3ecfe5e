using FsCheck;
using FsCheck.Fluent;
using Mario.Inference.Tokenization;

namespace Mario.Inference.Tests.Tokenization;

/// <summary>Token-by-token decoding equals decoding the whole sequence, and never splits a character.</summary>
public sealed class StreamingDecoderTests
{
    [Fact]
    public void Push_CharacterSplitAcrossTokens_IsHeldBackUntilComplete()
    {
        // "é" is bytes C3 A9: ids 195 and 169 in the tiny fixture (one byte each).
        var decoder = new StreamingDecoder(TokenizerFixtures.Tiny);
        Assert.Equal("a", decoder.Push(97));
        Assert.Equal("", decoder.Push(195));
        Assert.Equal("é", decoder.Push(169));
        Assert.Equal("", decoder.Flush());
    }

    [Fact]
    public void Flush_UnfinishedCharacter_GivesReplacementCharacter()
    {
        var decoder = new StreamingDecoder(TokenizerFixtures.Tiny);
        Assert.Equal("", decoder.Push(240));
        Assert.Equal("\uFFFD", decoder.Flush());
    }

    [Fact]
    public void Push_AnyIdSequence_ConcatenatesToDecode()
    {
        var tokenizer = TokenizerFixtures.Tiny;
        var ids = Gen.Choose(0, tokenizer.VocabSize - 1).ArrayOf().ToArbitrary();
        Prop.ForAll(ids, sequence =>
        {
            var decoder = new StreamingDecoder(tokenizer);
            var streamed = string.Concat(sequence.Select(decoder.Push)) + decoder.Flush();
            return streamed == tokenizer.Decode(sequence);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }

    [NpmFixtureFact]
    public void Push_Qwen25GoldenRows_ConcatenateToDecode()
    {
        foreach (var row in GoldenRow.Load("qwen2_5-golden.jsonl"))
        {
            var decoder = new StreamingDecoder(TokenizerFixtures.Qwen25);
            var streamed = string.Concat(row.Ids.Select(decoder.Push)) + decoder.Flush();
            Assert.Equal(row.Decoded, streamed);
        }
    }
}
