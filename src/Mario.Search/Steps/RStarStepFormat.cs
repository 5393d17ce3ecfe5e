using Mario.Sandbox;
using Mario.Sandbox.Observations;

namespace Mario.Search.Steps;

/// <summary>
/// rStar-Math's code-augmented chain of thought (SFT prompt, no demos). A step is one code chunk ended by
/// <c>&lt;end_of_step&gt;</c> (reasoning lives in <c>#</c> comments); the last chunk of a block ends with
/// <c>&lt;end_of_code&gt;</c> and receives <c>\n&lt;output&gt;…&lt;end_of_output&gt;</c>; the answer is its own
/// step, <c>&lt;answer&gt;… \boxed{X} …&lt;end_of_answer&gt;</c>. Node texts are concatenated with no delimiter and the
/// stop string that fired is put back into the text, as rStar does.
/// </summary>
/// <remarks>
/// Deliberate differences (SEARCH_REFERENCE.md section 8, rStar 5): the reference treats any text containing the
/// substring <c>boxed</c> (even in code or a comment) as a final answer and cuts the text at the first <c>".\n"</c>
/// before looking for the box. Here a step is an answer only when it stopped on <c>&lt;end_of_answer&gt;</c> or opens
/// <c>&lt;answer&gt;</c>, and the answer is the last complete box. The reference's extract_program drops code written
/// on the <c>&lt;code&gt;</c> tag line; here only the tags themselves are removed.
/// </remarks>
public sealed class RStarStepFormat : IStepFormat
{
    /// <summary>Stop string of an intermediate code chunk.</summary>
    public const string EndOfStep = "<end_of_step>";

    /// <summary>Stop string of the last chunk of a code block.</summary>
    public const string EndOfCode = "<end_of_code>";

    /// <summary>Stop string of the answer step.</summary>
    public const string EndOfAnswer = "<end_of_answer>";

    /// <summary>rStar's interpreter keeps up to 1024 characters of output.</summary>
    public const int DefaultMaxObservationChars = 1024;

    private static readonly string[] Stops = [EndOfStep, EndOfCode, EndOfAnswer];
    private readonly ObservationFormatter _observations;

    /// <summary>Creates the format.</summary>
    /// <param name="maxObservationChars">Observation cap in characters, at least 16.</param>
    public RStarStepFormat(int maxObservationChars = DefaultMaxObservationChars)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxObservationChars, 16);
        _observations = new ObservationFormatter(ObservationStyle.RStar, maxLength: maxObservationChars);
    }

    /// <inheritdoc />
    public StepFormatKind Kind => StepFormatKind.RStar;

    /// <inheritdoc />
    public IReadOnlyList<string> StopSequences => Stops;

    /// <inheritdoc />
    public string StepDelimiter => "";

    /// <inheritdoc />
    public string BuildPrompt(Problem problem, IReadOnlyList<string> steps)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(steps);

        // input = question + "\n", so inference has a blank line before <|assistant|> (the reference's SFT prompt).
        return $"<|user|>:\n{problem.Question}\n\n<|assistant|>: Let's think step by step and solve the problem with code."
            + string.Concat(steps);
    }

    /// <inheritdoc />
    public StepParse Parse(string text, string? stopSequence)
    {
        ArgumentNullException.ThrowIfNull(text);
        var full = text + (stopSequence is not null && Stops.Contains(stopSequence) ? stopSequence : "");
        if (stopSequence == EndOfAnswer || text.Contains("<answer>", StringComparison.Ordinal))
        {
            var answer = Mario.Eval.Answers.AnswerExtractor.LastBoxed(text);
            return string.IsNullOrWhiteSpace(answer)
                ? new Unparsable(full, "the answer step has no complete \\boxed{...}")
                : new AnswerStep(full, answer);
        }

        if (stopSequence is not (EndOfStep or EndOfCode))
        {
            return new Unparsable(full, "expected the step to end with <end_of_step>, <end_of_code> or <end_of_answer>");
        }

        if (text.Contains("<output>", StringComparison.Ordinal))
        {
            return new Unparsable(full, "the step writes its own <output>; only the interpreter may");
        }

        var program = text.Replace("<code>", "", StringComparison.Ordinal)
            .Replace(EndOfStep, "", StringComparison.Ordinal)
            .Replace(EndOfCode, "", StringComparison.Ordinal)
            .Trim('\n', '\r');
        return program.Trim().Length == 0
            ? new Unparsable(full, "the code chunk is empty")
            : new CodeStep(full, program, ClosesBlock: stopSequence == EndOfCode);
    }

    /// <inheritdoc />
    public string FormatObservation(ExecutionResult result) => _observations.Format(result).Text;

    /// <inheritdoc />
    public string AttachObservation(string stepText, string observation)
    {
        ArgumentNullException.ThrowIfNull(stepText);
        return stepText + "\n<output>" + observation + "<end_of_output>";
    }
}
