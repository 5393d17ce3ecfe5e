namespace Mario.Inference.Tokenization;

/// <summary>Text to token ids and back; implemented by the byte-level BPE tokenizer read from tokenizer.json.</summary>
public interface ITokenizer
{
    /// <summary>Number of ids (base vocabulary plus added tokens); every id is in [0, VocabSize).</summary>
    int VocabSize { get; }

    /// <summary>Encodes text into ids. Added/special tokens written literally in the text are recognised; no BOS/EOS is added.</summary>
    int[] Encode(string text);

    /// <summary>Decodes ids into text; invalid UTF-8 sequences become U+FFFD.</summary>
    string Decode(ReadOnlySpan<int> ids);

    /// <summary>The raw bytes one token stands for (for incremental decoding and stop-string matching).</summary>
    ReadOnlySpan<byte> TokenBytes(int id);

    /// <summary>The id of an added/special token such as <c>&lt;|endoftext|&gt;</c>, or null when absent.</summary>
    int? SpecialTokenId(string content);
}
