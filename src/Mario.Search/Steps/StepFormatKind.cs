namespace Mario.Search.Steps;

/// <summary>The step formats mario knows (a closed set).</summary>
public enum StepFormatKind
{
    /// <summary>Super_MARIO's SFT tags: <c>&lt;step&gt;</c>, <c>&lt;p&gt;</c>, <c>&lt;code&gt;</c>, <c>&lt;output&gt;</c>, <c>Final Answer:</c>.</summary>
    Tagged,

    /// <summary>Super_MARIO's round-1 ReAct format (Thought / Action / Action Input / Observation) with few-shot demos.</summary>
    React,

    /// <summary>rStar-Math's code-augmented chain of thought (<c>&lt;end_of_step&gt;</c>, <c>&lt;end_of_code&gt;</c>, <c>\boxed{}</c>).</summary>
    RStar,

    /// <summary>Plain chain of thought, one paragraph per step separated by a blank line, answer in <c>\boxed{}</c>.</summary>
    PlainCot,
}
