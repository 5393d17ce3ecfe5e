using System.Text.Json;
using System.Text.RegularExpressions;
using Mario.Sandbox;
using Mario.Sandbox.Observations;

namespace Mario.Search.Steps;

/// <summary>
/// Super_MARIO's round-1 ReAct format for base models: instructions, N few-shot demonstrations, then
/// <c>Now! It's your turn.\n\nQuestion: …</c>; steps are Thought / Action / Action Input, the tool output is attached
/// as <c>\n\nObservation: …</c>, and the last step says <c>Final Answer: …</c>.
/// </summary>
/// <remarks>
/// Deliberate difference: the reference re-samples the demonstrations on every prompt, so the steps of one trajectory
/// see different demos. Here the demos are chosen once per problem from a stable hash of its id, so every prompt of a
/// problem shares one prefix (cacheable, reproducible). Demo text is inserted raw, like the reference (3 of its 22
/// demos keep doubled <c>{{ }}</c> braces).
/// </remarks>
public sealed partial class ReactStepFormat : IStepFormat
{
    /// <summary>The only tool name the format offers.</summary>
    public const string ToolName = "python_interpreter";

    /// <summary>The stub observation of <c>Action: None</c>.</summary>
    public const string NoActionObservation = "No action, no observation. Please continue to solve.";

    private const string FinalAnswerMarker = "Final Answer:";
    private const string ToolDescription = "python_interpreter: A Python shell. Use this to execute python commands. ";
    private static readonly string[] Stops = ["\nObservation:", "Observation:", "<Solution complete>"];
    private readonly string _instructions;
    private readonly string _suffixTemplate;
    private readonly IReadOnlyList<string> _examples;
    private readonly int _fewShotCount;
    private readonly ObservationFormatter _observations;

    /// <summary>Creates the format from already-loaded templates.</summary>
    /// <param name="instructionsTemplate">Instructions with <c>{tool_desc}</c> and <c>{tool_names}</c> placeholders.</param>
    /// <param name="suffixTemplate">Suffix with an <c>{input}</c> placeholder.</param>
    /// <param name="examples">Worked demonstrations.</param>
    /// <param name="fewShotCount">Demos per prompt, 0 to the number of examples (reference default 2).</param>
    /// <param name="maxObservationChars">Observation cap in characters, at least 16.</param>
    public ReactStepFormat(
        string instructionsTemplate, string suffixTemplate, IReadOnlyList<string> examples, int fewShotCount = 2,
        int maxObservationChars = TaggedStepFormat.DefaultMaxObservationChars)
    {
        ArgumentNullException.ThrowIfNull(instructionsTemplate);
        ArgumentNullException.ThrowIfNull(suffixTemplate);
        ArgumentNullException.ThrowIfNull(examples);
        ArgumentOutOfRangeException.ThrowIfNegative(fewShotCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fewShotCount, examples.Count);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxObservationChars, 16);
        if (!suffixTemplate.Contains("{input}", StringComparison.Ordinal))
        {
            throw new ArgumentException("The suffix template has no {input} placeholder.", nameof(suffixTemplate));
        }

        _instructions = instructionsTemplate.Replace("{tool_desc}", ToolDescription).Replace("{tool_names}", ToolName);
        _suffixTemplate = suffixTemplate;
        _examples = examples;
        _fewShotCount = fewShotCount;
        _observations = new ObservationFormatter(ObservationStyle.SuperMario, maxLength: maxObservationChars);
    }

    /// <summary>
    /// Loads <c>prompt.json</c> (keys <c>react_format_instructions</c>, <c>react_suffix</c>) and an examples file
    /// (a JSON array of strings) from <paramref name="directory"/>.
    /// </summary>
    /// <exception cref="FormatException">A file is missing a key or is not the expected JSON shape; the message names it.</exception>
    public static async ValueTask<ReactStepFormat> LoadAsync(
        string directory, string examplesFile = "math.json", int fewShotCount = 2, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(directory);
        var promptPath = Path.Combine(directory, "prompt.json");
        var examplesPath = Path.Combine(directory, examplesFile);
        using var prompt = JsonDocument.Parse(await File.ReadAllTextAsync(promptPath, cancellationToken).ConfigureAwait(false));
        using var demos = JsonDocument.Parse(await File.ReadAllTextAsync(examplesPath, cancellationToken).ConfigureAwait(false));
        string Key(string name) =>
            prompt.RootElement.ValueKind == JsonValueKind.Object
            && prompt.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
                ? value.GetString()!
                : throw new FormatException($"{promptPath}: expected a string property \"{name}\".");
        if (demos.RootElement.ValueKind != JsonValueKind.Array
            || demos.RootElement.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new FormatException($"{examplesPath}: expected a JSON array of strings.");
        }

        var examples = demos.RootElement.EnumerateArray().Select(e => e.GetString()!).ToList();
        if (fewShotCount > examples.Count)
        {
            throw new FormatException($"{examplesPath}: {fewShotCount} demos requested but the file has {examples.Count}.");
        }

        return new ReactStepFormat(Key("react_format_instructions"), Key("react_suffix"), examples, fewShotCount);
    }

    /// <inheritdoc />
    public StepFormatKind Kind => StepFormatKind.React;

    /// <inheritdoc />
    public IReadOnlyList<string> StopSequences => Stops;

    /// <inheritdoc />
    public string StepDelimiter => "\n\n";

    /// <inheritdoc />
    public string BuildPrompt(Problem problem, IReadOnlyList<string> steps)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(steps);
        var input = problem.Question + StepDelimiter + (steps.Count == 0 ? "" : string.Join(StepDelimiter, steps) + StepDelimiter);
        var parts = new List<string> { _instructions };
        if (_fewShotCount > 0)
        {
            parts.Add(_fewShotCount == 1
                ? "The following is a demonstration example."
                : $"The following are {_fewShotCount} demonstration examples.");
            parts.AddRange(ChooseDemos(problem.Id));
        }

        parts.Add(_suffixTemplate.Replace("{input}", input));
        return string.Join("\n\n", parts);
    }

    /// <inheritdoc />
    public StepParse Parse(string text, string? stopSequence)
    {
        ArgumentNullException.ThrowIfNull(text);
        var action = ActionRegex().Match(text);
        var hasAnswer = text.Contains(FinalAnswerMarker, StringComparison.Ordinal);
        if (action.Success && hasAnswer)
        {
            return new Unparsable(text, "a step has both 'Action:' and 'Final Answer:'");
        }

        if (action.Success)
        {
            var name = action.Groups[1].Value.Trim();
            var input = action.Groups[2].Value.Trim().Trim('"');
            var stepText = text.Trim();
            if (name.Equals("None", StringComparison.OrdinalIgnoreCase))
            {
                return new ThoughtStep(stepText, NoActionObservation);
            }

            if (name != ToolName)
            {
                // The reference's tool lookup raises KeyError, which becomes the observation the model reads.
                return new ThoughtStep(stepText, $"KeyError: '{name}'");
            }

            var code = TaggedStepFormat.StripFences(input);
            return code.Length == 0 ? new Unparsable(text, "'Action Input:' holds no code") : new CodeStep(stepText, code, ClosesBlock: true);
        }

        if (hasAnswer)
        {
            var answer = text[(text.LastIndexOf(FinalAnswerMarker, StringComparison.Ordinal) + FinalAnswerMarker.Length)..];
            answer = TaggedStepFormat.RemoveSingleDollar(answer.Trim());
            return answer.Length == 0
                ? new Unparsable(text, "'Final Answer:' is followed by nothing")
                : new AnswerStep(text.Trim(), answer);
        }

        return new Unparsable(text, "expected 'Action:' with 'Action Input:', or 'Final Answer:'");
    }

    /// <inheritdoc />
    public string FormatObservation(ExecutionResult result) => _observations.Format(result).Text;

    /// <inheritdoc />
    public string AttachObservation(string stepText, string observation)
    {
        ArgumentNullException.ThrowIfNull(stepText);
        return stepText + StepDelimiter + "Observation: " + observation;
    }

    private IEnumerable<string> ChooseDemos(string problemId)
    {
        var random = new Random(unchecked((int)StableHash.Of(problemId)));
        var indices = Enumerable.Range(0, _examples.Count).ToArray();
        random.Shuffle(indices);
        return indices.Take(_fewShotCount).Select(i => _examples[i]);
    }

    [GeneratedRegex(@"Action:\s*(.*?)\s*Action Input:\s*(.*)", RegexOptions.Singleline)]
    private static partial Regex ActionRegex();
}
