using System.Text.RegularExpressions;
using Mario.Sandbox;
using Mario.Sandbox.Observations;

namespace Mario.Search.Steps;

/// <summary>
/// Super_MARIO's SFT format (react_sft): the prompt is <c>&lt;question&gt; Q &lt;/question&gt;\n</c> followed by the
/// steps joined by <c>\n</c>; a code step is generated up to <c>&lt;/code&gt;</c>, a final step up to
/// <c>&lt;/step&gt;</c>. No chat template, no few-shot, no <c>\boxed{}</c>.
/// </summary>
public sealed partial class TaggedStepFormat : IStepFormat
{
    /// <summary>Observation cap in characters (Super_MARIO truncates to 500, keeping head and tail).</summary>
    public const int DefaultMaxObservationChars = 500;

    private const string FinalAnswerMarker = "Final Answer:";
    private static readonly string[] Stops = ["\n</code>", "</code>", "</step>"];
    private readonly ObservationFormatter _observations;

    /// <summary>Creates the format.</summary>
    /// <param name="maxObservationChars">Observation cap in characters, at least 16.</param>
    public TaggedStepFormat(int maxObservationChars = DefaultMaxObservationChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxObservationChars, 16);
        _observations = new ObservationFormatter(ObservationStyle.SuperMario, maxLength: maxObservationChars);
    }

    /// <inheritdoc />
    public StepFormatKind Kind => StepFormatKind.Tagged;

    /// <inheritdoc />
    public IReadOnlyList<string> StopSequences => Stops;

    /// <inheritdoc />
    public string StepDelimiter => "\n";

    /// <inheritdoc />
    public string BuildPrompt(Problem problem, IReadOnlyList<string> steps)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(steps);
        var partial = steps.Count == 0 ? "" : string.Join(StepDelimiter, steps) + "\n";
        return $"<question> {problem.Question} </question>\n{partial}";
    }

    /// <inheritdoc />
    public StepParse Parse(string text, string? stopSequence)
    {
        ArgumentNullException.ThrowIfNull(text);
        var code = CodeRegex().Match(text);
        var hasAnswer = text.Contains(FinalAnswerMarker, StringComparison.Ordinal);
        if (code.Success && hasAnswer)
        {
            return new Unparsable(text, "a step has both a <code> block and 'Final Answer:'");
        }

        if (code.Success)
        {
            var program = StripFences(code.Groups[1].Value);
            return program.Length == 0
                ? new Unparsable(text, "the <code> block is empty")
                : new CodeStep(text.Trim() + "\n</code>", program, ClosesBlock: true);
        }

        if (hasAnswer)
        {
            var inParagraph = AnswerRegex().Match(text);
            var answer = inParagraph.Success
                ? inParagraph.Groups[1].Value
                : text[(text.LastIndexOf(FinalAnswerMarker, StringComparison.Ordinal) + FinalAnswerMarker.Length)..];
            answer = RemoveSingleDollar(answer.Trim());
            return answer.Length == 0
                ? new Unparsable(text, "'Final Answer:' is followed by nothing")
                : new AnswerStep(text.Trim() + "\n</step>", answer);
        }

        return new Unparsable(text, "expected a <code> block closed by ``` or 'Final Answer:'");
    }

    /// <inheritdoc />
    public string FormatObservation(ExecutionResult result) => _observations.Format(result).Text;

    /// <inheritdoc />
    public string AttachObservation(string stepText, string observation)
    {
        ArgumentNullException.ThrowIfNull(stepText);
        return stepText + StepDelimiter + "<output>\n" + observation + "\n</output>\n</step>";
    }

    /// <summary>Removes one <c>$…$</c> pair around the whole answer (Super_MARIO's remove_single_dollar).</summary>
    internal static string RemoveSingleDollar(string answer) =>
        answer.Length >= 2 && answer[0] == '$' && answer[^1] == '$' ? answer[1..^1].Trim() : answer;

    /// <summary>Removes the markdown fence and an optional <c>python</c> tag (the reference interpreter's sanitize_input).</summary>
    internal static string StripFences(string code)
    {
        var trimmed = code.Trim().Trim('`');
        if (trimmed.StartsWith("python", StringComparison.OrdinalIgnoreCase))
        {
            trimmed = trimmed["python".Length..];
        }

        return trimmed.Trim().Trim('`').Trim();
    }

    // Greedy up to the last whitespace followed by ```, as in the reference; an unclosed fence does not match.
    [GeneratedRegex(@"<code>\s*(.*\s```)", RegexOptions.Singleline)]
    private static partial Regex CodeRegex();

    [GeneratedRegex(@"Final Answer:\s*(.*)</p>", RegexOptions.Singleline)]
    private static partial Regex AnswerRegex();
}
