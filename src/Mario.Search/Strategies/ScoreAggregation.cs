namespace Mario.Search.Strategies;

/// <summary>How per-step PRM scores of a solution combine into one score.</summary>
public enum ScoreAggregation
{
    /// <summary>The lowest step score (a chain is as good as its worst step).</summary>
    Min,

    /// <summary>The product of step scores mapped to [0, 1] as (v + 1) / 2.</summary>
    Prod,

    /// <summary>The score of the last step (an outcome reward).</summary>
    Last,

    /// <summary>The mean step score.</summary>
    Mean,
}
