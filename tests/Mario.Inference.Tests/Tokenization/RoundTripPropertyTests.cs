using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Mario.Inference.Tokenization;

namespace Mario.Inference.Tests.Tokenization;

/// <summary>Decode(Encode(s)) gives back s, after NFC where the tokenizer normalizes and with lone surrogates read as U+FFFD.</summary>
public sealed class RoundTripPropertyTests
{
    private static readonly Config Config = Config.QuickThrowOnFailure.WithMaxTest(300);

    [Fact]
    public void DecodeEncode_TinyFixtureTrickyText_RoundTrips() => Check(TokenizerFixtures.Tiny, PropertyGenerators.TrickyText());

    [Fact]
    public void DecodeEncode_TinyFixtureAnyText_RoundTrips() => Check(TokenizerFixtures.Tiny, PropertyGenerators.AnyText());

    [NpmFixtureFact]
    public void DecodeEncode_Qwen25TrickyText_RoundTrips() => Check(TokenizerFixtures.Qwen25, PropertyGenerators.TrickyText());

    [NpmFixtureFact]
    public void DecodeEncode_Qwen25AnyText_RoundTrips() => Check(TokenizerFixtures.Qwen25, PropertyGenerators.AnyText());

    [NpmFixtureFact]
    public void DecodeEncode_Qwen3TrickyText_RoundTrips() => Check(TokenizerFixtures.Qwen3, PropertyGenerators.TrickyText());

    [NpmFixtureFact]
    public void DecodeEncode_Llama3TrickyText_RoundTripsWithoutNormalizing() =>
        Check(TokenizerFixtures.Llama3, PropertyGenerators.TrickyText(), nfc: false);

    private static void Check(BpeTokenizer tokenizer, Arbitrary<string> text, bool nfc = true) =>
        Prop.ForAll(text, s =>
        {
            // The test process has ICU, so string.Normalize is a real NFC oracle here.
            var sanitized = Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(s));
            var expected = nfc ? sanitized.Normalize(NormalizationForm.FormC) : sanitized;
            var decoded = tokenizer.Decode(tokenizer.Encode(s));
            return (decoded == expected).Label($"decoded {Escape(decoded)} expected {Escape(expected)}");
        }).Check(Config);

    private static string Escape(string s) => string.Concat(s.Select(c => c is >= ' ' and < '\u007F' ? c.ToString() : $"\\u{(int)c:X4}"));
}
