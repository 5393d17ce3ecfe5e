namespace Mario.Inference.Tokenization.PreTokenization;

/// <summary>The pre-tokenizer regular expressions mario evaluates exactly, on whole Unicode scalars.</summary>
public enum SplitPattern
{
    /// <summary>
    /// Qwen2/Qwen2.5/Qwen3: <c>(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+</c>.
    /// </summary>
    Qwen2,

    /// <summary>Llama 3: the Qwen2 pattern with <c>\p{N}{1,3}</c> (numbers in groups of up to three digits).</summary>
    Llama3,

    /// <summary>GPT-2 (ByteLevel with use_regex): <c>'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+</c>.</summary>
    Gpt2,
}
