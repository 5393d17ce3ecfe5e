using System.Text;

namespace Mario.Inference.Tokenization;

/// <summary>
/// Decodes one generated sequence token by token: each <see cref="Push"/> returns the text completed by that
/// token, holding back the bytes of a UTF-8 character split across tokens (emoji and CJK often are).
/// The concatenation of all returned pieces plus <see cref="Flush"/> equals <see cref="ITokenizer.Decode"/> of
/// the whole sequence. One instance per sequence; not thread-safe.
/// </summary>
public sealed class StreamingDecoder
{
    private readonly ITokenizer tokenizer;
    private readonly Decoder utf8 = Encoding.UTF8.GetDecoder();
    private char[] chars = new char[64];

    /// <summary>Creates a decoder for one sequence.</summary>
    public StreamingDecoder(ITokenizer tokenizer) => this.tokenizer = tokenizer ?? throw new ArgumentNullException(nameof(tokenizer));

    /// <summary>Adds one token and returns the text it completes (possibly empty).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The id is outside [0, VocabSize).</exception>
    public string Push(int id) => Convert(tokenizer.TokenBytes(id), flush: false);

    /// <summary>Ends the sequence: bytes of an unfinished character come back as U+FFFD.</summary>
    public string Flush() => Convert([], flush: true);

    private string Convert(ReadOnlySpan<byte> bytes, bool flush)
    {
        var needed = utf8.GetCharCount(bytes, flush);
        if (needed > chars.Length)
        {
            chars = new char[Math.Max(needed, chars.Length * 2)];
        }

        var written = utf8.GetChars(bytes, chars, flush);
        return written == 0 ? "" : new string(chars, 0, written);
    }
}
