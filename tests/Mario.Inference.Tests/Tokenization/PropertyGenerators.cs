using FsCheck;
using FsCheck.Fluent;

namespace Mario.Inference.Tests.Tokenization;

/// <summary>String generators that reach the tokenizer's tricky corners more often than uniform random text.</summary>
internal static class PropertyGenerators
{
    private static readonly string[] Fragments =
    [
        "a", "Z", "the", " x", "'s", "'T", "'re", "'LL", "'", "1", "23", "456", "²", "½", " ", "  ", "\t", "\n", "\r\n",
        "\r", "\u00A0", "\u3000", "\u2028", "\u0085", "\uFEFF", "中文", "é", "e\u0301", "\u0301", "\u1100\u1161", "한",
        "$", "\\frac{", "}", "(", ")", ".", "-", "−", "=", "≤", "√", "π", "😀", "👍🏽", "𝑥", "𝟙", "𝔽", "ℝ", "<|endoftext|>",
        "<|im_start|>", "<|end|>", "<sep>", "<", "|", ">", "\0", "\u007F", "\uFFFD", "\uD800", "\uDC00",
    ];

    /// <summary>Concatenations of fragments that exercise contractions, whitespace runs, scripts, marks and special tokens.</summary>
    public static Arbitrary<string> TrickyText() =>
        Gen.Elements(Fragments).ArrayOf().Select(parts => string.Concat(parts)).ToArbitrary();

    /// <summary>Fully random strings (any UTF-16 units, including lone surrogates), null mapped to empty.</summary>
    public static Arbitrary<string> AnyText() =>
        ArbMap.Default.ArbFor<string>().Generator.Select(s => s ?? "").ToArbitrary();

    /// <summary>Strings of BMP characters only (no surrogates), from a pool where .NET's Regex agrees with the reference.</summary>
    public static Arbitrary<string> BmpText()
    {
        string[] pool =
        [
            "a", "B", "s", "S", "t", "T", "r", "e", "E", "v", "m", "l", "L", "d", "'", "1", "7", "²", "Ⅻ", " ", " ", "\t", "\n",
            "\r", "\u000B", "\u00A0", "\u2003", "\u3000", "\u2028", "\u0085", "中", "é", "\u0301", "ß", "$", ".", "-", "(",
            "\u200B", "\uFEFF", "\u00AD", "ـ", "٣", "!",
        ];
        return Gen.Elements(pool).ArrayOf().Select(parts => string.Concat(parts)).ToArbitrary();
    }
}
