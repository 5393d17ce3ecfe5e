using System.Text.RegularExpressions;
using FsCheck;
using FsCheck.Fluent;
using Mario.Inference.Tokenization.PreTokenization;

namespace Mario.Inference.Tests.Tokenization;

/// <summary>The hand-written split patterns against expected pieces and against .NET Regex on BMP-only text.</summary>
public sealed class ScalarPreTokenizerTests
{
    private const string Qwen2Regex =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private const string Llama3Regex =
        @"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    private const string Gpt2Regex = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    public static TheoryData<SplitPattern, string, string[]> Pieces => new()
    {
        { SplitPattern.Qwen2, "let 𝑥=𝟙 and 𝑦", ["let", " 𝑥", "=", "𝟙", " and", " 𝑦"] },
        { SplitPattern.Qwen2, "Hello, world!", ["Hello", ",", " world", "!"] },
        { SplitPattern.Qwen2, "it'S x'LL", ["it", "'S", " x", "'LL"] },
        { SplitPattern.Qwen2, "12345", ["1", "2", "3", "4", "5"] },
        { SplitPattern.Llama3, "12345", ["123", "45"] },
        { SplitPattern.Gpt2, " 12345", [" 12345"] },
        { SplitPattern.Qwen2, "a   b", ["a", "  ", " b"] },
        { SplitPattern.Qwen2, "a \n\n b", ["a", " \n\n", " b"] },
        { SplitPattern.Qwen2, "x  ", ["x", "  "] },
        { SplitPattern.Qwen2, "$x (y)", ["$x", " (", "y", ")"] },
        { SplitPattern.Qwen2, "))\n\nx", ["))\n\n", "x"] },
        { SplitPattern.Qwen2, "中文abc 123", ["中文abc", " ", "1", "2", "3"] },
        { SplitPattern.Qwen2, "😀😀 x", ["😀😀", " x"] },
        { SplitPattern.Qwen2, "\u00A0x", ["\u00A0x"] },
        { SplitPattern.Gpt2, "it'S x's", ["it", "'", "S", " x", "'s"] },
        { SplitPattern.Gpt2, "a  \tb", ["a", "  ", "\t", "b"] },
    };

    [Theory]
    [MemberData(nameof(Pieces))]
    public void Split_KnownText_GivesReferencePieces(SplitPattern pattern, string text, string[] expected) =>
        Assert.Equal(expected, new ScalarPreTokenizer(pattern).Split(text));

    [Theory]
    [InlineData(SplitPattern.Qwen2, Qwen2Regex)]
    [InlineData(SplitPattern.Llama3, Llama3Regex)]
    [InlineData(SplitPattern.Gpt2, Gpt2Regex)]
    public void Split_BmpText_AgreesWithDotNetRegex(SplitPattern pattern, string regex)
    {
        // On BMP-only text .NET's UTF-16 Regex sees whole scalars, and its \s equals White_Space, so it is an oracle.
        var dotnet = new Regex(regex, RegexOptions.CultureInvariant);
        var splitter = new ScalarPreTokenizer(pattern);
        Prop.ForAll(PropertyGenerators.BmpText(), s =>
        {
            var expected = dotnet.Matches(s).Select(m => m.Value).ToArray();
            return splitter.Split(s).SequenceEqual(expected);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(500));
    }
}
