namespace Mario.Search.Steps;

/// <summary>A step that carries Python code for the sandbox.</summary>
/// <param name="Text">The step text as it enters the trajectory, before the observation is attached.</param>
/// <param name="Code">The code to run, without markdown fences or format tags.</param>
/// <param name="ClosesBlock">
/// True when this step completes a code block, so its output is attached to the trajectory. Always true for
/// Super_MARIO's formats; rStar's chunks close a block only at <c>&lt;end_of_code&gt;</c>.
/// </param>
public sealed record CodeStep(string Text, string Code, bool ClosesBlock) : StepParse(Text);
