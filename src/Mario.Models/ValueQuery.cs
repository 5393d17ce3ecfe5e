namespace Mario.Models;

/// <summary>
/// One partial solution to score, in the two shapes value models need: the policy's own prompt text (a value head
/// reads its last token) and the question with the steps kept apart (a process reward model joins the steps with its
/// own separator and template).
/// </summary>
/// <param name="Prompt">The policy prompt followed by the steps so far, ending exactly at a step boundary.</param>
/// <param name="Question">The problem statement, without any prompt template.</param>
/// <param name="Steps">The step texts from the first step to the scored one, in order; empty for the root.</param>
/// <param name="StepDelimiter">How the step format joins steps in a written solution (e.g. <c>"\n\n"</c>).</param>
public sealed record ValueQuery(string Prompt, string Question, IReadOnlyList<string> Steps, string StepDelimiter)
{
    /// <summary>The steps as one solution text, joined by <see cref="StepDelimiter"/> (what an outcome reward model reads).</summary>
    public string Solution => string.Join(StepDelimiter, Steps);
}
