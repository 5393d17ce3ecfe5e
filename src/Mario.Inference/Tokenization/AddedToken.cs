namespace Mario.Inference.Tokenization;

/// <summary>A token from tokenizer.json's <c>added_tokens</c>, matched in the text before BPE runs.</summary>
/// <param name="Id">Its id, in [0, VocabSize).</param>
/// <param name="Content">The literal text it stands for, such as <c>&lt;|im_end|&gt;</c>; never empty.</param>
/// <param name="Special">Whether it is a control token (end of text, chat markers) rather than ordinary text.</param>
/// <param name="Normalized">Whether it is matched in the normalized text (true) or the raw input (false).</param>
/// <param name="SingleWord">Whether it only matches when not touching a letter or digit on either side.</param>
/// <param name="LeftStrip">Whether white space just before it is absorbed into the token.</param>
/// <param name="RightStrip">Whether white space just after it is absorbed into the token.</param>
public sealed record AddedToken(
    int Id,
    string Content,
    bool Special,
    bool Normalized,
    bool SingleWord,
    bool LeftStrip,
    bool RightStrip);
