namespace Mario.Search.Prompts;

/// <summary>A validated few-shot block: the pool and how a demonstration is written.</summary>
/// <param name="ExamplesPath">The pool file that was read.</param>
/// <param name="Examples">The pool, in file order (ids unique).</param>
/// <param name="DefaultCount">Demonstrations per prompt by default, 0 to the pool size.</param>
/// <param name="Example">One demonstration's text, with <c>{question}</c> and <c>{solution}</c>.</param>
/// <param name="Separator">Between demonstrations and after the last.</param>
/// <param name="Header">Before several demonstrations (<c>{n}</c>: their count), or null.</param>
/// <param name="HeaderOne">Before a single demonstration, or null (then <paramref name="Header"/>).</param>
/// <param name="Order">Which demonstrations a prompt gets.</param>
public sealed record FewShotFormat(
    string ExamplesPath,
    IReadOnlyList<FewShotExample> Examples,
    int DefaultCount,
    string Example,
    string Separator,
    string? Header,
    string? HeaderOne,
    FewShotOrder Order);
