namespace Mario.Search.Steps;

/// <summary>
/// What one generated step turned out to be. A closed hierarchy: <see cref="CodeStep"/>, <see cref="AnswerStep"/>,
/// <see cref="ThoughtStep"/> or <see cref="Unparsable"/>.
/// </summary>
/// <param name="Text">The step text as it enters the trajectory (stop tags re-appended where the format needs them).</param>
public abstract record StepParse(string Text);
