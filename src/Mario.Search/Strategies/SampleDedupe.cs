namespace Mario.Search.Strategies;

/// <summary>Which samples of one request count as repeats and are dropped (order kept, the first one stays).</summary>
internal enum SampleDedupe
{
    /// <summary>Keep every sample.</summary>
    None,

    /// <summary>Super_MARIO (remove_duplicate): samples whose text is equal once stripped of surrounding whitespace.</summary>
    StrippedText,

    /// <summary>rStar-Math (llm_generate): samples whose text is equal as generated, stop sequence aside.</summary>
    ExactText,
}
