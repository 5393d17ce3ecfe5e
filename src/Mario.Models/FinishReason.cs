namespace Mario.Models;

/// <summary>Why a completion ended.</summary>
public enum FinishReason
{
    /// <summary>A stop sequence or the end-of-sequence token was produced.</summary>
    Stop,

    /// <summary>The <see cref="SamplingOptions.MaxTokens"/> budget ran out.</summary>
    Length,

    /// <summary>The prompt plus completion reached the model's context window.</summary>
    ContextOverflow,
}
