using Mario.Search.Prompts;
using Mario.Search.Steps;
using Mario.Tool.Cli;
using Mario.Tool.Suites;

namespace Mario.Tool.Running;

/// <summary>
/// Finds prompt types: the files shipped in <c>eval-suites/prompts/</c> (beside the tool, or in the repository when
/// run from a checkout) by name, or any file by path; and builds a run's step format from one.
/// </summary>
public static class PromptTypeCatalog
{
    /// <summary>The folder of the shipped prompt types, or null when this build has none.</summary>
    public static string? Directory()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "eval-suites", "prompts");
        if (System.IO.Directory.Exists(beside))
        {
            return beside;
        }

        return DataLocator.FindRepositoryRoot(System.IO.Directory.GetCurrentDirectory()) is { } root && System.IO.Directory.Exists(Path.Combine(root, "eval-suites", "prompts"))
            ? Path.Combine(root, "eval-suites", "prompts")
            : null;
    }

    /// <summary>The names of the shipped prompt types, sorted.</summary>
    public static IReadOnlyList<string> Names() =>
        Directory() is { } folder
            ? System.IO.Directory.GetFiles(folder, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>
    /// The file for <c>--prompt-type NAME|FILE</c>: a value ending in <c>.json</c> or holding a directory separator is a
    /// path (made absolute, so run.json can resume from any folder); anything else a shipped name.
    /// </summary>
    public static (string? Path, string? Error) Locate(string nameOrFile)
    {
        ArgumentNullException.ThrowIfNull(nameOrFile);
        if (nameOrFile.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || nameOrFile.Contains('/') || nameOrFile.Contains(Path.DirectorySeparatorChar))
        {
            var full = Path.GetFullPath(nameOrFile);
            return File.Exists(full) ? (full, null) : (null, $"--prompt-type {nameOrFile}: no such file {full}");
        }

        var shipped = Directory() is { } folder ? Path.Combine(folder, nameOrFile + ".json") : null;
        return shipped is not null && File.Exists(shipped)
            ? (shipped, null)
            : (null, $"--prompt-type {nameOrFile}: unknown prompt type; expected one of {string.Join(", ", Names())} or a .json file (docs/prompt-types.md)");
    }

    /// <summary>
    /// The run's step format: the prompt type (<c>--prompt-type</c>, else the one named after the step format that
    /// <c>--step-format</c> or the suite chooses) with <c>--num-fewshot</c> demonstrations (else the type's default),
    /// parsing with the type's step format. Errors name the option, the file and the field.
    /// </summary>
    public static async Task<(PromptedStepFormat? Format, CliFailure? Failure)> CreateAsync(
        PromptSelection? selection, StepFormatKind? stepFormatOverride, StepFormatKind suiteFormat, CancellationToken cancellationToken)
    {
        var kind = stepFormatOverride ?? suiteFormat;
        var requested = selection?.PromptType;
        var (path, locateError) = Locate(requested ?? StepFormats.Name(kind));
        if (path is null)
        {
            return (null, CliFailure.Usage(requested is null ? $"{locateError} (the default prompt of step format {StepFormats.Name(kind)} does not ship in this build)" : locateError!));
        }

        var (type, loadError) = await PromptTypeLoader.LoadAsync(path, cancellationToken).ConfigureAwait(false);
        if (type is null)
        {
            return (null, CliFailure.Usage($"--prompt-type {requested ?? StepFormats.Name(kind)}: {loadError}"));
        }

        if (requested is not null && stepFormatOverride is not null && type.StepFormat != kind)
        {
            return (null, CliFailure.Usage($"--prompt-type {requested} parses its output with step format {StepFormats.Name(type.StepFormat)} (its stepFormat) but --step-format says {StepFormats.Name(kind)}; drop one of them"));
        }

        var count = selection?.NumFewShot ?? type.DefaultFewShotCount;
        if (count > type.MaxFewShotCount)
        {
            return (null, CliFailure.Usage(type.FewShot is null
                ? $"--num-fewshot {count}: prompt type {type.Name} ({type.Path}) has no fewShot block, so it takes no demonstrations; use --num-fewshot 0 or another --prompt-type"
                : $"--num-fewshot {count}: prompt type {type.Name} has {type.MaxFewShotCount} demonstrations (fewShot.examples {type.FewShot.ExamplesPath}); use at most {type.MaxFewShotCount}"));
        }

        return (new PromptedStepFormat(type, StepFormats.CreateParser(type.StepFormat), count), null);
    }
}
