using System.Globalization;

namespace Mario.Inference.Tokenization.PreTokenization;

/// <summary>Classifies the scalar at a UTF-16 position, reading surrogate pairs as one scalar.</summary>
internal static class UnicodeScalars
{
    private static readonly ScalarClass[] Ascii = BuildAscii();

    /// <summary>The class of the scalar starting at <paramref name="index"/> and its length in UTF-16 units (1 or 2).</summary>
    public static ScalarClass Classify(ReadOnlySpan<char> text, int index, out int length)
    {
        var c = text[index];
        length = 1;
        if (c < 128)
        {
            return Ascii[c];
        }

        if (char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]))
        {
            length = 2;
            return FromCategory(CharUnicodeInfo.GetUnicodeCategory(char.ConvertToUtf32(c, text[index + 1])));
        }

        return IsWhiteSpace(c) ? ScalarClass.WhiteSpace : FromCategory(CharUnicodeInfo.GetUnicodeCategory(c));
    }

    /// <summary>The Unicode White_Space property; every such scalar is in the BMP.</summary>
    public static bool IsWhiteSpace(char c) => c switch
    {
        >= '\t' and <= '\r' or ' ' or '\u0085' or '\u00A0' or '\u1680' => true,
        >= '\u2000' and <= '\u200A' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' => true,
        _ => false,
    };

    private static ScalarClass FromCategory(UnicodeCategory category) => category switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter => ScalarClass.Letter,
        UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => ScalarClass.Number,
        _ => ScalarClass.Other,
    };

    private static ScalarClass[] BuildAscii()
    {
        var table = new ScalarClass[128];
        for (var c = 0; c < 128; c++)
        {
            table[c] = IsWhiteSpace((char)c) ? ScalarClass.WhiteSpace : FromCategory(CharUnicodeInfo.GetUnicodeCategory((char)c));
        }

        return table;
    }
}
