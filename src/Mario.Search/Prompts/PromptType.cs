using Mario.Search.Steps;

namespace Mario.Search.Prompts;

/// <summary>
/// A validated prompt type: how the first prompt of a problem is written (template, demonstrations, chat messages),
/// which step format parses what the model writes, and the stop strings it adds. Read from a file by
/// <see cref="PromptTypeLoader"/>; turned into a step format by <see cref="PromptedStepFormat"/>.
/// </summary>
/// <param name="Name">Short name, recorded in run files.</param>
/// <param name="Path">The file it was read from.</param>
/// <param name="StepFormat">The step format that parses the output.</param>
/// <param name="Template">The prompt text with one <c>{question}</c> and at most one <c>{fewshot}</c> placeholder.</param>
/// <param name="Description">What the prompt is for, or null.</param>
/// <param name="Source">Where the template comes from, or null.</param>
/// <param name="FewShot">The demonstrations, or null for a zero-shot-only prompt.</param>
/// <param name="Stop">Stop strings added to the step format's own.</param>
/// <param name="Chat">The chat form, or null.</param>
public sealed record PromptType(
    string Name,
    string Path,
    StepFormatKind StepFormat,
    string Template,
    string? Description,
    string? Source,
    FewShotFormat? FewShot,
    IReadOnlyList<string> Stop,
    ChatFile? Chat)
{
    /// <summary>Demonstrations per prompt when <c>--num-fewshot</c> is not given (0 without a pool).</summary>
    public int DefaultFewShotCount => FewShot?.DefaultCount ?? 0;

    /// <summary>The most demonstrations one prompt can take (the pool's size; 0 without a pool).</summary>
    public int MaxFewShotCount => FewShot?.Examples.Count ?? 0;
}
