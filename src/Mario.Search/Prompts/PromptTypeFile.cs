namespace Mario.Search.Prompts;

/// <summary>
/// One prompt type as stored in its JSON file (<c>eval-suites/prompts/NAME.json</c>, or any file given to
/// <c>--prompt-type</c>): the raw record <see cref="PromptTypeLoader"/> reads through
/// <see cref="PromptTypeJsonContext"/> and validates into a <see cref="PromptType"/>. docs/prompt-types.md documents it.
/// </summary>
/// <param name="Name">Short name (lower-case letters, digits, '-', '_', '.'); recorded in run files.</param>
/// <param name="StepFormat">The step format that parses the output: a name of <c>StepFormats.Names</c> (tagged, react, rstar, plain, or an alias).</param>
/// <param name="Template">The prompt text with exactly one <c>{question}</c> and at most one <c>{fewshot}</c> placeholder; the steps so far follow it, each followed by the step format's delimiter.</param>
/// <param name="Description">One line saying what the prompt is for, or null.</param>
/// <param name="Source">Where the template comes from (repository, file, commit), or null.</param>
/// <param name="FewShot">How demonstrations are drawn and written, or null for a zero-shot-only prompt.</param>
/// <param name="Stop">Stop strings added to the step format's own (e.g. a chat model's end-of-turn token), or null.</param>
/// <param name="Chat">The same prompt as chat messages, for servers that only speak chat, or null.</param>
public sealed record PromptTypeFile(
    string? Name,
    string? StepFormat,
    string? Template,
    string? Description = null,
    string? Source = null,
    FewShotFile? FewShot = null,
    IReadOnlyList<string>? Stop = null,
    ChatFile? Chat = null);
