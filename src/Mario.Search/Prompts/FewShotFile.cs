namespace Mario.Search.Prompts;

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
