using Mario.Sandbox;
using Mario.Sandbox.Observations;

namespace Mario.Search.Steps;

/// <summary>
/// Plain chain of thought: one paragraph per step, steps separated by a blank line, the final answer in
/// <c>\boxed{}</c>. This is the step segmentation process reward models such as Qwen2.5-Math-PRM score. No code.
/// </summary>
public sealed class PlainCotStepFormat : IStepFormat
{
    private static readonly string[] Stops = ["\n\n"];

    // Plain steps carry no code, but the contract still formats a result: Super_MARIO's style and cap.
    private static readonly ObservationFormatter Observations = new(ObservationStyle.SuperMario, maxLength: TaggedStepFormat.DefaultMaxObservationChars);

    /// <inheritdoc />
    public StepFormatKind Kind => StepFormatKind.PlainCot;

    /// <inheritdoc />
    public IReadOnlyList<string> StopSequences => Stops;

    /// <inheritdoc />
    public string StepDelimiter => "\n\n";

    /// <inheritdoc />
    public string BuildPrompt(Problem problem, IReadOnlyList<string> steps)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(steps);
        var partial = steps.Count == 0 ? "" : string.Join(StepDelimiter, steps) + StepDelimiter;
        return $"Question: {problem.Question}\n"
            + "Please reason step by step, separate the steps with a blank line, and put your final answer within \\boxed{}.\n\n"
            + "Answer: " + partial;
    }

    /// <inheritdoc />
    public StepParse Parse(string text, string? stopSequence)
    {
        ArgumentNullException.ThrowIfNull(text);
        var step = text.Trim();
        if (step.Length == 0)
        {
            return new Unparsable(text, "the step is empty");
        }

        var answer = Mario.Eval.Answers.AnswerExtractor.LastBoxed(step);
        if (answer is not null)
        {
            return answer.Length == 0 ? new Unparsable(text, "\\boxed{} is empty") : new AnswerStep(step, answer);
        }

        return step.Contains("\\boxed", StringComparison.Ordinal)
            ? new Unparsable(text, "\\boxed is not followed by a complete {...}")
            : new ThoughtStep(step);
    }

    /// <inheritdoc />
    public string FormatObservation(ExecutionResult result) => Observations.Format(result).Text;

    /// <inheritdoc />
    public string AttachObservation(string stepText, string observation)
    {
        ArgumentNullException.ThrowIfNull(stepText);
        return stepText + StepDelimiter + observation;
    }
}
