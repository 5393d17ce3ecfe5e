namespace Mario.Search.Steps;

/// <summary>A reasoning step with no code and no final answer.</summary>
/// <param name="Text">The step text as it enters the trajectory.</param>
/// <param name="FixedObservation">
/// Text the format appends without running anything (ReAct's <c>Action: None</c> stub), or null.
/// </param>
public sealed record ThoughtStep(string Text, string? FixedObservation = null) : StepParse(Text);
