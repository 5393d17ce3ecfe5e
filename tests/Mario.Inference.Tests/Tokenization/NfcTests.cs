using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Mario.Inference.Tokenization.Normalization;

namespace Mario.Inference.Tests.Tokenization;

/// <summary>mario's own NFC against ICU's (the test process is not in invariant-globalization mode).</summary>
public sealed class NfcTests
{
    [Theory]
    [InlineData("e\u0301", "\u00E9")]
    [InlineData("A\u030Angstro\u0308m", "\u00C5ngstr\u00F6m")]
    [InlineData("\u1E9B\u0323", "\u1E9B\u0323")]
    [InlineData("\u1100\u1161\u11A8", "\uAC01")]
    [InlineData("\u212B", "\u00C5")]
    [InlineData("a\u0323\u0302", "\u1EAD")]
    [InlineData("a\u0302\u0323", "\u1EAD")]
    [InlineData("\u0344", "\u0308\u0301")]
    [InlineData("plain ascii", "plain ascii")]
    [InlineData("\uD835\uDC65", "\uD835\uDC65")]
    public void Normalize_KnownCases_Compose(string input, string expected) => Assert.Equal(expected, Nfc.Normalize(input));

    [Fact]
    public void Normalize_EveryBmpCharacterAfterALetter_MatchesIcu()
    {
        var mismatches = new List<string>();
        for (var c = 0; c <= 0xFFFF; c++)
        {
            if (c is >= 0xD800 and <= 0xDFFF || !IsAssignedInUnicode14(c))
            {
                continue;
            }

            foreach (var prefix in new[] { "", "a", "\u1100" })
            {
                var s = prefix + (char)c;
                if (Nfc.Normalize(s) != s.Normalize(NormalizationForm.FormC))
                {
                    mismatches.Add($"{prefix}U+{c:X4}");
                }
            }
        }

        Assert.Empty(mismatches);
    }

    [Fact]
    public void Normalize_MarkSequences_MatchIcu()
    {
        string[] pool =
        [
            "a", "e", "o", "A", "u", "\u0301", "\u0300", "\u0302", "\u0308", "\u0323", "\u0327", "\u0328", "\u031B", "\u0345",
            "\u03B9", "\u1100", "\u1161", "\u11A8", "\uAC00", "\u0B47", "\u0B3E", "\u0B57", "\u05D0", "\u05B7", "\u0915",
            "\u093C", "x", " ", "\u0344", "\u1E9B", "\u212B", "\u3099", "\u304B",
        ];
        var text = Gen.Elements(pool).ArrayOf().Select(parts => string.Concat(parts)).ToArbitrary();
        Prop.ForAll(text, s => Nfc.Normalize(s) == s.Normalize(NormalizationForm.FormC))
            .Check(Config.QuickThrowOnFailure.WithMaxTest(2000));
    }

    [Fact]
    public void Normalize_LongRunOfMixedMarks_SortsStablyLikeIcu()
    {
        // 3,000 marks of three classes, past the insertion-sort cut-off; ICU is the oracle (and slow on long runs).
        var marks = string.Concat(Enumerable.Range(0, 1_000).Select(_ => "\u0301\u0323\u0345"));
        var s = "a" + marks + "b";
        Assert.Equal(s.Normalize(NormalizationForm.FormC), Nfc.Normalize(s));
    }

    // Skips code points .NET does not know; the tables are Unicode 14 (tools/unicode-nfc), ICU here is newer,
    // and no BMP composition changed in between (this test would show it).
    private static bool IsAssignedInUnicode14(int c) =>
        System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.OtherNotAssigned;
}
