namespace Mario.Inference.Tokenization.PreTokenization;

/// <summary>How the pre-tokenizer patterns see one Unicode scalar: \p{L}, \p{N}, \s (White_Space) or anything else.</summary>
internal enum ScalarClass : byte
{
    /// <summary>General category L (Lu, Ll, Lt, Lm, Lo).</summary>
    Letter,

    /// <summary>General category N (Nd, Nl, No).</summary>
    Number,

    /// <summary>The Unicode White_Space property (as Oniguruma's \s, not JavaScript's).</summary>
    WhiteSpace,

    /// <summary>Everything else: punctuation, symbols, marks, controls, unassigned.</summary>
    Other,
}
