namespace Mario.Tool.Suites;

/// <summary>The step formats a suite can default to (implemented in Mario.Search).</summary>
public enum StepFormatName
{
    /// <summary>Super_MARIO's tagged SFT format.</summary>
    Sft,

    /// <summary>Super_MARIO's ReAct round-1 format (Thought/Action/Observation).</summary>
    React,

    /// <summary>rStar's code-augmented chain of thought (<c>&lt;end_of_step&gt;</c>, <c>\boxed{}</c>).</summary>
    Rstar,

    /// <summary>Plain chain of thought, steps separated by a blank line.</summary>
    Cot,
}
