using System.Text.Json.Serialization;

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

/// <summary>The <c>fewShot</c> block of a prompt type file.</summary>
/// <param name="Examples">JSONL file of demonstrations (one <c>{"id", "question", "solution"}</c> object a line; other fields ignored), relative to the prompt type file.</param>
/// <param name="Count">Demonstrations per prompt when <c>--num-fewshot</c> is not given, 0 up to the number of examples.</param>
/// <param name="Example">How one demonstration is written: text with a <c>{question}</c> and a <c>{solution}</c> placeholder.</param>
/// <param name="Separator">Placed between demonstrations and after the last one, before the rest of the prompt.</param>
/// <param name="Header">Text before the demonstrations when there are several (<c>{n}</c> is their count), or null.</param>
/// <param name="HeaderOne">Text before a single demonstration, or null to use <paramref name="Header"/>.</param>
/// <param name="Order">Which demonstrations a prompt gets.</param>
public sealed record FewShotFile(
    string? Examples,
    int? Count,
    string? Example,
    string? Separator,
    string? Header = null,
    string? HeaderOne = null,
    FewShotOrder Order = FewShotOrder.First);

/// <summary>The <c>chat</c> block of a prompt type file.</summary>
/// <param name="User">The user message, with one <c>{question}</c> placeholder.</param>
/// <param name="System">The system message, or null for none.</param>
public sealed record ChatFile(string? User, string? System = null);
