namespace Mario.Tool.Comparing;

/// <summary>A per-problem attribute a comparison is broken down by, when the suite's rows carry it (MATH: both).</summary>
public enum ProblemFacet
{
    /// <summary>The difficulty level (MATH's 1 to 5).</summary>
    Level,

    /// <summary>The subject (MATH's Algebra, Geometry, ...).</summary>
    Subject,
}
