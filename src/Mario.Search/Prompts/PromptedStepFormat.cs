using System.Globalization;
using Mario.Sandbox;
using Mario.Search.Steps;

namespace Mario.Search.Prompts;

/// <summary>
/// A step format whose prompts come from a <see cref="PromptType"/>: the prompt is the type's template with the
/// question and the chosen demonstrations filled in, followed by the steps so far, each followed by the step format's
/// delimiter. Parsing, observations and step stops are the inner step format's; the type's stop strings are added.
/// </summary>
public sealed class PromptedStepFormat : IStepFormat
{
    private readonly IStepFormat _inner;
    private readonly string[] _stops;
    private readonly bool _fewShotInTemplate;

    /// <summary>Wraps <paramref name="inner"/> (whose kind must be the type's step format) with the type's prompts.</summary>
    /// <param name="type">The prompt type.</param>
    /// <param name="inner">The step format that parses the output; its own prompt is not used.</param>
    /// <param name="fewShotCount">Demonstrations per prompt, 0 to <see cref="PromptType.MaxFewShotCount"/>.</param>
    public PromptedStepFormat(PromptType type, IStepFormat inner, int fewShotCount)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfNegative(fewShotCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(fewShotCount, type.MaxFewShotCount);
        if (inner.Kind != type.StepFormat)
        {
            throw new ArgumentException($"The prompt type parses with {type.StepFormat}, not {inner.Kind}.", nameof(inner));
        }

        Type = type;
        _inner = inner;
        FewShotCount = fewShotCount;
        _stops = inner.StopSequences.Concat(type.Stop).Distinct(StringComparer.Ordinal).ToArray();
        _fewShotInTemplate = PromptText.Count(type.Template, PromptTypeLoader.FewShot) == 1;
    }

    /// <summary>The prompt type.</summary>
    public PromptType Type { get; }

    /// <summary>Demonstrations per prompt.</summary>
    public int FewShotCount { get; }

    /// <inheritdoc />
    public StepFormatKind Kind => _inner.Kind;

    /// <inheritdoc />
    public IReadOnlyList<string> StopSequences => _stops;

    /// <inheritdoc />
    public string StepDelimiter => _inner.StepDelimiter;

    /// <inheritdoc />
    public string BuildPrompt(Problem problem, IReadOnlyList<string> steps)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(steps);
        var demos = FewShotBlock(Choose(problem));
        // One pass over the template: the question and the demonstrations are inserted as literal text.
        var filled = PromptText.Fill(Type.Template, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PromptTypeLoader.Question] = problem.Question,
            [PromptTypeLoader.FewShot] = demos,
        });
        var prompt = _fewShotInTemplate ? filled : demos + filled;
        return steps.Count == 0 ? prompt : prompt + string.Concat(steps.Select(s => s + StepDelimiter));
    }

    /// <summary>
    /// The same prompt as chat messages, for servers that only speak chat: the system message, each demonstration as a
    /// user turn and an assistant turn, the question as the last user turn, and the steps so far (if any) as the
    /// assistant message to continue. Null when the type has no chat form.
    /// </summary>
    public IReadOnlyList<ChatMessage>? BuildChat(Problem problem, IReadOnlyList<string> steps)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(steps);
        if (Type.Chat is not { User: { } user } chat)
        {
            return null;
        }

        var messages = new List<ChatMessage>();
        if (chat.System is { } system)
        {
            messages.Add(new ChatMessage(ChatRole.System, system));
        }

        foreach (var demo in Choose(problem))
        {
            messages.Add(new ChatMessage(ChatRole.User, User(demo.Question)));
            messages.Add(new ChatMessage(ChatRole.Assistant, demo.Solution));
        }

        messages.Add(new ChatMessage(ChatRole.User, User(problem.Question)));
        if (steps.Count > 0)
        {
            messages.Add(new ChatMessage(ChatRole.Assistant, string.Concat(steps.Select(s => s + StepDelimiter))));
        }

        return messages;

        string User(string question) => PromptText.Fill(user, new Dictionary<string, string>(StringComparer.Ordinal) { [PromptTypeLoader.Question] = question });
    }

    /// <summary>The ids of the demonstrations in <paramref name="problem"/>'s prompts, in prompt order (empty at 0 shots).</summary>
    public IReadOnlyList<string> FewShotIds(Problem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return Choose(problem).Select(e => e.Id).ToList();
    }

    /// <summary>
    /// Every demonstration id the prompts of <paramref name="problems"/> use, in pool order: the list a run records.
    /// With <see cref="FewShotOrder.First"/> it is the first N ids; with <see cref="FewShotOrder.PerProblem"/> the union.
    /// </summary>
    public IReadOnlyList<string> FewShotIds(IEnumerable<Problem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (Type.FewShot is not { } pool || FewShotCount == 0)
        {
            return [];
        }

        var used = problems.SelectMany(FewShotIds).ToHashSet(StringComparer.Ordinal);
        return pool.Examples.Where(e => used.Contains(e.Id)).Select(e => e.Id).ToList();
    }

    /// <inheritdoc />
    public StepParse Parse(string text, string? stopSequence) => _inner.Parse(text, stopSequence);

    /// <inheritdoc />
    public string FormatObservation(ExecutionResult result) => _inner.FormatObservation(result);

    /// <inheritdoc />
    public string AttachObservation(string stepText, string observation) => _inner.AttachObservation(stepText, observation);

    private IReadOnlyList<FewShotExample> Choose(Problem problem)
    {
        if (Type.FewShot is not { } pool || FewShotCount == 0)
        {
            return [];
        }

        if (pool.Order == FewShotOrder.First)
        {
            return pool.Examples.Take(FewShotCount).ToList();
        }

        // The same draw as Super_MARIO's ReAct format in mario (ReactStepFormat): a stable hash of the id seeds it.
        var random = new Random(unchecked((int)StableHash.Of(problem.Id)));
        var indices = Enumerable.Range(0, pool.Examples.Count).ToArray();
        random.Shuffle(indices);
        return indices.Take(FewShotCount).Select(i => pool.Examples[i]).ToList();
    }

    private string FewShotBlock(IReadOnlyList<FewShotExample> demos)
    {
        if (demos.Count == 0 || Type.FewShot is not { } format)
        {
            return "";
        }

        var header = demos.Count == 1 ? format.HeaderOne ?? format.Header : format.Header;
        var text = header is null
            ? ""
            : PromptText.Fill(header, new Dictionary<string, string>(StringComparer.Ordinal) { ["n"] = demos.Count.ToString(CultureInfo.InvariantCulture) }) + format.Separator;
        return text + string.Concat(demos.Select(d => PromptText.Fill(format.Example, new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [PromptTypeLoader.Question] = d.Question,
            ["solution"] = d.Solution,
        }) + format.Separator));
    }
}
