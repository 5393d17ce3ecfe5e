using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using System.Text;
using Mario.Inference.Tokenization.Model;
using Mario.Inference.Tokenization.Normalization;
using Mario.Inference.Tokenization.PreTokenization;

namespace Mario.Inference.Tokenization;

/// <summary>
/// Byte-level BPE read from a Hugging Face <c>tokenizer.json</c> (GPT-2, Llama 3, Qwen2/2.5/3 families),
/// producing the same ids as the Hugging Face tokenizers. Thread-safe.
/// </summary>
/// <remarks>
/// Encoding runs: added tokens matched in the raw text, NFC normalization, added tokens matched in the
/// normalized text, the split pattern on whole Unicode scalars, then BPE merges over the UTF-8 bytes of
/// each piece. No BOS/EOS is added. Lone surrogates in the input are read as U+FFFD.
/// </remarks>
public sealed class BpeTokenizer : ITokenizer
{
    // Mirrors the Hugging Face BPE cache: bounded, words longer than this are never cached.
    private const int CacheCapacity = 50_000;
    private const int MaxCachedLength = 256;

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> vocabLookup;
    private readonly BpeMerger merger;
    private readonly bool ignoreMerges;
    private readonly bool nfc;
    private readonly ScalarPreTokenizer[] splitters;
    private readonly bool addPrefixSpace;
    private readonly AddedTokenMatcher rawMatcher;
    private readonly AddedTokenMatcher normalizedMatcher;
    private readonly Dictionary<string, AddedToken> addedByContent;
    private readonly byte[] tokenBytes;
    private readonly int[] tokenOffsets;
    private readonly ConcurrentDictionary<string, int[]> cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int[]>.AlternateLookup<ReadOnlySpan<char>> cacheLookup;
    private int cacheCount;

    internal BpeTokenizer(
        Dictionary<string, int> vocab,
        BpeMerger merger,
        bool ignoreMerges,
        bool nfc,
        IReadOnlyList<SplitPattern> splits,
        bool addPrefixSpace,
        IReadOnlyList<AddedToken> addedTokens)
    {
        vocabLookup = vocab.GetAlternateLookup<ReadOnlySpan<char>>();
        this.merger = merger;
        this.ignoreMerges = ignoreMerges;
        this.nfc = nfc;
        splitters = splits.Select(p => new ScalarPreTokenizer(p)).ToArray();
        this.addPrefixSpace = addPrefixSpace;
        AddedTokens = addedTokens;
        addedByContent = addedTokens.GroupBy(t => t.Content, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last());
        rawMatcher = new AddedTokenMatcher(addedTokens.Where(t => !t.Normalized), t => t.Content);
        normalizedMatcher = new AddedTokenMatcher(addedTokens.Where(t => t.Normalized), t => nfc ? Nfc.Normalize(t.Content) : t.Content);
        cacheLookup = cache.GetAlternateLookup<ReadOnlySpan<char>>();

        VocabSize = Math.Max(vocab.Count == 0 ? 0 : vocab.Values.Max() + 1, addedTokens.Count == 0 ? 0 : addedTokens.Max(t => t.Id) + 1);
        (tokenBytes, tokenOffsets) = BuildTokenBytes(vocab, addedTokens, VocabSize);
    }

    /// <inheritdoc />
    /// <remarks>The largest id plus one; ids missing in between decode to no bytes.</remarks>
    public int VocabSize { get; }

    /// <summary>The added tokens (special and not) in file order.</summary>
    public IReadOnlyList<AddedToken> AddedTokens { get; }

    /// <summary>Number of merge rules.</summary>
    public int MergeCount => merger.MergeCount;

    /// <summary>Reads a tokenizer.json file.</summary>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="TokenizerFormatException">The file is malformed or uses a feature mario does not implement; the message names the file and the JSON path.</exception>
    public static BpeTokenizer Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"tokenizer file not found: {path}", path);
        }

        var bytes = File.ReadAllBytes(path);
        return Parse(bytes, path);
    }

    /// <summary>Reads <c>DIR/tokenizer.json</c> from a Hugging Face model folder (what <c>local:DIR</c> names).</summary>
    /// <exception cref="DirectoryNotFoundException">The folder does not exist.</exception>
    /// <exception cref="FileNotFoundException">The folder has no tokenizer.json.</exception>
    /// <exception cref="TokenizerFormatException">The file is malformed or unsupported.</exception>
    public static BpeTokenizer LoadFromDirectory(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        if (!Directory.Exists(directory))
        {
            throw new DirectoryNotFoundException($"model folder not found: {directory}");
        }

        var path = Path.Combine(directory, "tokenizer.json");
        return File.Exists(path)
            ? Load(path)
            : throw new FileNotFoundException($"no tokenizer.json in model folder {directory}", path);
    }

    /// <summary>Reads tokenizer.json content; <paramref name="source"/> names it in error messages.</summary>
    /// <exception cref="TokenizerFormatException">The content is malformed or unsupported.</exception>
    public static BpeTokenizer Parse(ReadOnlySpan<byte> utf8Json, string source)
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        return TokenizerJsonReader.Parse(utf8Json.StartsWith(bom) ? utf8Json[3..] : utf8Json, source);
    }

    /// <inheritdoc />
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = ReplaceLoneSurrogates(text);
        var ids = new List<int>(text.Length / 3 + 4);
        foreach (var (start, length, id) in Split(rawMatcher, text))
        {
            if (id >= 0)
            {
                ids.Add(id);
                continue;
            }

            var piece = length == text.Length ? text : text.Substring(start, length);
            var normalized = nfc ? Nfc.Normalize(piece) : piece;
            foreach (var (innerStart, innerLength, innerId) in Split(normalizedMatcher, normalized))
            {
                if (innerId >= 0)
                {
                    ids.Add(innerId);
                }
                else
                {
                    EncodePlain(normalized.AsSpan(innerStart, innerLength), ids);
                }
            }
        }

        return ids.ToArray();
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">An id is outside [0, VocabSize).</exception>
    public string Decode(ReadOnlySpan<int> ids)
    {
        var total = 0;
        foreach (var id in ids)
        {
            total += TokenBytes(id).Length;
        }

        var rented = ArrayPool<byte>.Shared.Rent(Math.Max(total, 1));
        try
        {
            var written = 0;
            foreach (var id in ids)
            {
                var bytes = TokenBytes(id);
                bytes.CopyTo(rented.AsSpan(written));
                written += bytes.Length;
            }

            return Encoding.UTF8.GetString(rented, 0, written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentOutOfRangeException">The id is outside [0, VocabSize).</exception>
    public ReadOnlySpan<byte> TokenBytes(int id)
    {
        if ((uint)id >= (uint)VocabSize)
        {
            throw new ArgumentOutOfRangeException(nameof(id), id, $"token id must be in [0, {VocabSize})");
        }

        return tokenBytes.AsSpan(tokenOffsets[id], tokenOffsets[id + 1] - tokenOffsets[id]);
    }

    /// <inheritdoc />
    public int? SpecialTokenId(string content) =>
        addedByContent.TryGetValue(content, out var token) ? token.Id : null;

    private static List<(int Start, int Length, int Id)> Split(AddedTokenMatcher matcher, string text) =>
        matcher.IsEmpty || text.Length == 0 ? [(0, text.Length, -1)] : matcher.Split(text);

    private void EncodePlain(ReadOnlySpan<char> text, List<int> ids)
    {
        if (text.IsEmpty)
        {
            return;
        }

        if (addPrefixSpace && text[0] != ' ')
        {
            text = string.Concat(" ", text);
        }

        SplitAndEncode(text, 0, ids);
    }

    private void SplitAndEncode(ReadOnlySpan<char> text, int stage, List<int> ids)
    {
        if (stage == splitters.Length)
        {
            EncodePreToken(text, ids);
            return;
        }

        var splitter = splitters[stage];
        for (var i = 0; i < text.Length;)
        {
            var length = splitter.NextPieceLength(text, i);
            SplitAndEncode(text.Slice(i, length), stage + 1, ids);
            i += length;
        }
    }

    private void EncodePreToken(ReadOnlySpan<char> piece, List<int> ids)
    {
        if (cacheLookup.TryGetValue(piece, out var cached))
        {
            ids.AddRange(cached);
            return;
        }

        var first = ids.Count;
        var maxBytes = Encoding.UTF8.GetMaxByteCount(piece.Length);
        byte[]? rented = null;
        var buffer = maxBytes <= 1024 ? stackalloc byte[maxBytes] : (rented = ArrayPool<byte>.Shared.Rent(maxBytes));
        var byteCount = Encoding.UTF8.GetBytes(piece, buffer);
        var bytes = buffer[..byteCount];
        if (!(ignoreMerges && TryWholeWord(bytes, ids)))
        {
            merger.Encode(bytes, ids);
        }

        if (rented is not null)
        {
            ArrayPool<byte>.Shared.Return(rented);
        }

        // ConcurrentDictionary.Count takes every lock, so the bound is kept with our own counter.
        if (piece.Length <= MaxCachedLength && Volatile.Read(ref cacheCount) < CacheCapacity
            && cacheLookup.TryAdd(piece, CollectionsMarshal.AsSpan(ids)[first..].ToArray()))
        {
            Interlocked.Increment(ref cacheCount);
        }
    }

    // ignore_merges (Llama 3): a piece that is itself a vocabulary entry becomes that one token.
    private bool TryWholeWord(ReadOnlySpan<byte> bytes, List<int> ids)
    {
        if (bytes.Length > MaxCachedLength)
        {
            return false;
        }

        Span<char> chars = stackalloc char[bytes.Length];
        for (var i = 0; i < bytes.Length; i++)
        {
            chars[i] = ByteLevelAlphabet.ToChar(bytes[i]);
        }

        if (vocabLookup.TryGetValue(chars, out var id))
        {
            ids.Add(id);
            return true;
        }

        return false;
    }

    private static string ReplaceLoneSurrogates(string text)
    {
        var span = text.AsSpan();
        var firstSurrogate = span.IndexOfAnyInRange('\uD800', '\uDFFF');
        if (firstSurrogate < 0)
        {
            return text;
        }

        // Encoding.UTF8 turns each lone surrogate into U+FFFD and keeps valid pairs intact.
        return Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
    }

    private static (byte[] Bytes, int[] Offsets) BuildTokenBytes(
        Dictionary<string, int> vocab, IReadOnlyList<AddedToken> added, int vocabSize)
    {
        var perId = new byte[vocabSize][];
        foreach (var (token, id) in vocab)
        {
            perId[id] = ByteLevelAlphabet.ToBytes(token);
        }

        // Added tokens take precedence over a vocabulary entry with the same id, as when decoding in HF.
        foreach (var token in added)
        {
            perId[token.Id] = ByteLevelAlphabet.ToBytes(token.Content);
        }

        var offsets = new int[vocabSize + 1];
        for (var id = 0; id < vocabSize; id++)
        {
            offsets[id + 1] = offsets[id] + (perId[id]?.Length ?? 0);
        }

        var bytes = new byte[offsets[vocabSize]];
        for (var id = 0; id < vocabSize; id++)
        {
            perId[id]?.CopyTo(bytes, offsets[id]);
        }

        return (bytes, offsets);
    }
}
