using System.Text;
using System.Text.Json;
using Mario.Inference.Tokenization;

namespace Mario.Inference.Tests.Support;

/// <summary>
/// A test double for the real BPE tokenizer: reads a byte-level tokenizer.json's vocabulary (so every id decodes to
/// its true bytes) but encodes one token per UTF-8 byte, without merges. Added tokens written literally are kept.
/// </summary>
public sealed class TestByteTokenizer : ITokenizer
{
    private readonly byte[][] _bytes;
    private readonly int[] _byteToId = new int[256];
    private readonly Dictionary<string, int> _specials = new(StringComparer.Ordinal);

    private TestByteTokenizer(byte[][] bytes) => _bytes = bytes;

    public int VocabSize => _bytes.Length;

    public static TestByteTokenizer Load(string path)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(path));
        var unicodeToByte = ByteLevelAlphabet();
        var vocab = doc.RootElement.GetProperty("model").GetProperty("vocab");
        var count = vocab.EnumerateObject().Count();
        var bytes = new byte[count][];
        var tok = new TestByteTokenizer(bytes);
        foreach (var p in vocab.EnumerateObject())
        {
            var id = p.Value.GetInt32();
            bytes[id] = p.Name.Select(ch => unicodeToByte.TryGetValue(ch, out var b) ? b : (byte)'?').ToArray();
            if (p.Name.Length == 1 && unicodeToByte.TryGetValue(p.Name[0], out var single))
            {
                tok._byteToId[single] = id;
            }
        }

        foreach (var a in doc.RootElement.GetProperty("added_tokens").EnumerateArray())
        {
            var content = a.GetProperty("content").GetString()!;
            var id = a.GetProperty("id").GetInt32();
            bytes[id] = Encoding.UTF8.GetBytes(content);
            tok._specials[content] = id;
        }

        return tok;
    }

    public int[] Encode(string text)
    {
        var ids = new List<int>();
        var i = 0;
        while (i < text.Length)
        {
            var special = _specials.Keys.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0);
            if (special is not null)
            {
                ids.Add(_specials[special]);
                i += special.Length;
                continue;
            }

            var next = text.Length;
            foreach (var s in _specials.Keys)
            {
                var at = text.IndexOf(s, i, StringComparison.Ordinal);
                if (at >= 0 && at < next)
                {
                    next = at;
                }
            }

            foreach (var b in Encoding.UTF8.GetBytes(text[i..next]))
            {
                ids.Add(_byteToId[b]);
            }

            i = next;
        }

        return [.. ids];
    }

    public string Decode(ReadOnlySpan<int> ids)
    {
        var all = new List<byte>();
        foreach (var id in ids)
        {
            all.AddRange(TokenBytes(id).ToArray());
        }

        return Encoding.UTF8.GetString(all.ToArray());
    }

    public ReadOnlySpan<byte> TokenBytes(int id) => (uint)id < (uint)_bytes.Length ? _bytes[id] : [];

    public int? SpecialTokenId(string content) => _specials.TryGetValue(content, out var id) ? id : null;

    /// <summary>GPT-2's byte-to-unicode map, inverted.</summary>
    private static Dictionary<char, byte> ByteLevelAlphabet()
    {
        var bs = new List<int>();
        for (var b = '!'; b <= '~'; b++) bs.Add(b);
        for (var b = 0xA1; b <= 0xAC; b++) bs.Add(b);
        for (var b = 0xAE; b <= 0xFF; b++) bs.Add(b);
        var cs = new List<int>(bs);
        var n = 0;
        for (var b = 0; b < 256; b++)
        {
            if (!bs.Contains(b))
            {
                bs.Add(b);
                cs.Add(256 + n++);
            }
        }

        var map = new Dictionary<char, byte>();
        for (var i = 0; i < bs.Count; i++)
        {
            map[(char)cs[i]] = (byte)bs[i];
        }

        return map;
    }
}
