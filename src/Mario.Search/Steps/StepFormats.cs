namespace Mario.Search.Steps;

/// <summary>Resolves a step format name from the CLI or a suite manifest to an <see cref="IStepFormat"/> through one name table.</summary>
public static class StepFormats
{
    // Canonical names first; a kind's first entry is its canonical name (run summaries print it). The aliases are the
    // names suite manifests use, so manifests and --step-format bind through this one table.
    private static readonly KeyValuePair<string, StepFormatKind>[] Table =
    [
        new("tagged", StepFormatKind.Tagged),
        new("react", StepFormatKind.React),
        new("rstar", StepFormatKind.RStar),
        new("plain", StepFormatKind.PlainCot),
        new("sft", StepFormatKind.Tagged),
        new("cot", StepFormatKind.PlainCot),
    ];

    /// <summary>
    /// Accepted names: <c>tagged</c> (alias <c>sft</c>), <c>react</c>, <c>rstar</c>, <c>plain</c> (alias <c>cot</c>).
    /// The aliases are the names suite manifests use.
    /// </summary>
    public static IReadOnlyDictionary<string, StepFormatKind> Names { get; } = new Dictionary<string, StepFormatKind>(Table, StringComparer.Ordinal);

    /// <summary>The canonical name of a kind (<c>tagged</c>, <c>react</c>, <c>rstar</c>, <c>plain</c>): the name listed first for it.</summary>
    public static string Name(StepFormatKind kind) =>
        Array.Find(Table, p => p.Value == kind).Key ?? throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown step format.");

    /// <summary>Parses a name; the error names the accepted values.</summary>
    public static (StepFormatKind? Kind, OptionError? Error) Parse(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return Names.TryGetValue(name, out var kind)
            ? (kind, null)
            : (null, new OptionError("step-format", $"unknown step format '{name}'; expected one of {string.Join(", ", Names.Keys)}"));
    }

    /// <summary>
    /// Creates a format. The ReAct format reads <c>prompt.json</c> and <c>math.json</c> from
    /// <paramref name="fewShotDirectory"/> (the suites' <c>super_mario_few_shots</c> folder), which it then requires.
    /// </summary>
    public static async ValueTask<IStepFormat> CreateAsync(StepFormatKind kind, string? fewShotDirectory = null, CancellationToken cancellationToken = default) =>
        kind switch
        {
            StepFormatKind.Tagged => new TaggedStepFormat(),
            StepFormatKind.RStar => new RStarStepFormat(),
            StepFormatKind.PlainCot => new PlainCotStepFormat(),
            StepFormatKind.React => await ReactStepFormat.LoadAsync(
                fewShotDirectory ?? throw new ArgumentException("The react format needs the few-shot folder.", nameof(fewShotDirectory)),
                cancellationToken: cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown step format."),
        };

    /// <summary>
    /// A format used only to parse steps and attach observations, for a prompt type that writes its own prompts: the
    /// ReAct format without its instructions and demonstrations (so it needs no few-shot folder).
    /// </summary>
    public static IStepFormat CreateParser(StepFormatKind kind) =>
        kind switch
        {
            StepFormatKind.Tagged => new TaggedStepFormat(),
            StepFormatKind.RStar => new RStarStepFormat(),
            StepFormatKind.PlainCot => new PlainCotStepFormat(),
            StepFormatKind.React => new ReactStepFormat("", "{input}", [], fewShotCount: 0),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown step format."),
        };
}
