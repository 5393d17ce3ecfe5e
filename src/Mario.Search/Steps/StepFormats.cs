namespace Mario.Search.Steps;

/// <summary>Resolves a step format name from the CLI or a suite manifest to an <see cref="IStepFormat"/> (a closed switch).</summary>
public static class StepFormats
{
    /// <summary>
    /// Accepted names: <c>tagged</c> (alias <c>sft</c>), <c>react</c>, <c>rstar</c>, <c>plain</c> (alias <c>cot</c>).
    /// The aliases are the names suite manifests use.
    /// </summary>
    public static IReadOnlyDictionary<string, StepFormatKind> Names { get; } = new Dictionary<string, StepFormatKind>(StringComparer.Ordinal)
    {
        ["tagged"] = StepFormatKind.Tagged,
        ["react"] = StepFormatKind.React,
        ["rstar"] = StepFormatKind.RStar,
        ["plain"] = StepFormatKind.PlainCot,
        ["sft"] = StepFormatKind.Tagged,
        ["cot"] = StepFormatKind.PlainCot,
    };

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
}
