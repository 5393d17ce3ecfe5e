namespace Mario.Inference.Tokenization;

/// <summary>
/// GPT-2's reversible map between the 256 byte values and 256 printable characters, which byte-level BPE
/// vocabularies are written in (byte 0x20, a space, is 'Ġ' U+0120; 0x0A is 'Ċ' U+010A).
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] ByteToChar = BuildByteToChar();
    private static readonly int[] CharToByte = BuildCharToByte();

    /// <summary>The vocabulary character that stands for <paramref name="value"/>.</summary>
    public static char ToChar(byte value) => ByteToChar[value];

    /// <summary>The byte a vocabulary character stands for, or -1 when the character is not in the alphabet.</summary>
    public static int ToByte(char c) => c < CharToByte.Length ? CharToByte[c] : -1;

    /// <summary>
    /// The bytes a vocabulary token stands for. When a character falls outside the alphabet the token is
    /// taken as plain UTF-8 text, as the Hugging Face ByteLevel decoder does.
    /// </summary>
    public static byte[] ToBytes(string token)
    {
        var bytes = new byte[token.Length];
        for (var i = 0; i < token.Length; i++)
        {
            var b = ToByte(token[i]);
            if (b < 0)
            {
                return System.Text.Encoding.UTF8.GetBytes(token);
            }

            bytes[i] = (byte)b;
        }

        return bytes;
    }

    private static char[] BuildByteToChar()
    {
        // Printable Latin-1 bytes map to themselves; the other 68 are shifted to U+0100 and up, in byte order.
        var map = new char[256];
        var next = 256;
        for (var b = 0; b < 256; b++)
        {
            var printable = b is >= '!' and <= '~' or >= 0xA1 and <= 0xAC or >= 0xAE and <= 0xFF;
            map[b] = printable ? (char)b : (char)next++;
        }

        return map;
    }

    private static int[] BuildCharToByte()
    {
        var inverse = new int[324];
        Array.Fill(inverse, -1);
        for (var b = 0; b < 256; b++)
        {
            inverse[ByteToChar[b]] = b;
        }

        return inverse;
    }
}
