namespace Mario.Search.Steps;

/// <summary>Generated text that is not a valid step of the format; it ends its branch.</summary>
/// <param name="Text">The raw generated text.</param>
/// <param name="Reason">One line saying what was expected and not found.</param>
public sealed record Unparsable(string Text, string Reason) : StepParse(Text);
