namespace Mario.Search.Strategies;

/// <summary>How a final answer is chosen from a finished tree (Super_MARIO's mcts_infer_strategy, plus votes).</summary>
public enum AnswerSelection
{
    /// <summary>Greedy descent by Q over branches that reach an answer (the reference default for MCTS trees).</summary>
    QValue,

    /// <summary>Greedy descent by value estimate (the reference setting for step-beam trees).</summary>
    Value,

    /// <summary>Greedy descent by visit count.</summary>
    Visits,

    /// <summary>Majority vote over every answer in the tree, clusters by equivalence.</summary>
    Votes,
}
