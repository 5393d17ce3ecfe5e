using Mario.Sandbox;

namespace Mario.Search.Steps;

/// <summary>
/// The step protocol of one prompt format: how to build the prompt from the question and the steps so far, how to
/// parse one generated step, and how to attach the interpreter's observation.
/// </summary>
public interface IStepFormat
{
    /// <summary>Which format this is; recorded in tree dumps.</summary>
    StepFormatKind Kind { get; }

    /// <summary>Stop strings that end one step.</summary>
    IReadOnlyList<string> StopSequences { get; }

    /// <summary>The delimiter placed between node texts when a trajectory is written out as one solution.</summary>
    string StepDelimiter { get; }

    /// <summary>
    /// The prompt for generating the step after <paramref name="steps"/> (node texts, root excluded, in order).
    /// The same text, with the newest step included, is what a value model scores.
    /// </summary>
    string BuildPrompt(Problem problem, IReadOnlyList<string> steps);

    /// <summary>Parses one generated step.</summary>
    /// <param name="text">The generated text, without the stop sequence.</param>
    /// <param name="stopSequence">The stop string that ended generation, or null (end of sequence).</param>
    StepParse Parse(string text, string? stopSequence);

    /// <summary>The observation text for an execution result, before it is attached (e.g. head…tail truncated output or <c>NameError: …</c>).</summary>
    string FormatObservation(ExecutionResult result);

    /// <summary>The node text of a step once an observation (formatted, or a fixed stub text) is attached.</summary>
    /// <param name="stepText">The parsed step's <see cref="StepParse.Text"/>.</param>
    /// <param name="observation">The observation text.</param>
    string AttachObservation(string stepText, string observation);
}
