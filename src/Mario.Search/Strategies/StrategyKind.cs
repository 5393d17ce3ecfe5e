namespace Mario.Search.Strategies;

/// <summary>
/// The search strategies (a closed set). Command-line names and aliases live in <see cref="StrategyNames"/>; run.json
/// stores the member names in kebab case, so renaming a member breaks resuming old runs.
/// </summary>
public enum StrategyKind
{
    /// <summary><c>greedy</c>: one step-by-step chain at temperature 0.</summary>
    Greedy,

    /// <summary><c>maj</c>: k sampled chains, majority vote over equivalent answers (maj@k).</summary>
    Majority,

    /// <summary><c>bon</c>: N sampled chains, the best by value-model / PRM score.</summary>
    BestOfN,

    /// <summary><c>beam</c>: step-level beam search (B1, B2) ranked by the value model.</summary>
    Beam,

    /// <summary><c>mcts</c>: AlphaMath MCTS (PUCT, value-model evaluation).</summary>
    Mcts,

    /// <summary><c>rstar-mcts</c>: rStar-Math MCTS (UCT rollouts, PRM initial Q, code filtering).</summary>
    RStarMcts,
}
