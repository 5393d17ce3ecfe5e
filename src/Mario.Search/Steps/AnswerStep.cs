namespace Mario.Search.Steps;

/// <summary>A step that states the final answer; it ends its branch.</summary>
/// <param name="Text">The step text as it enters the trajectory.</param>
/// <param name="Answer">The extracted final answer (LaTeX or plain text, surrounding <c>$</c> removed).</param>
public sealed record AnswerStep(string Text, string Answer) : StepParse(Text);
