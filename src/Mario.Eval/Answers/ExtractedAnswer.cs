namespace Mario.Eval.Answers;

/// <summary>An extracted final answer and the rule that produced it.</summary>
/// <param name="Answer">The answer text, or null when nothing could be extracted.</param>
/// <param name="Rule">Which rule fired.</param>
public sealed record ExtractedAnswer(string? Answer, ExtractionRule Rule)
{
    /// <summary>Nothing extracted.</summary>
    public static ExtractedAnswer None { get; } = new(null, ExtractionRule.None);
}
