namespace Mario.Tool.Running;

/// <summary>The search strategies <c>--strategy</c> accepts (CLI names in kebab case).</summary>
public enum StrategyKind
{
    /// <summary><c>greedy</c>: one temperature-0 solution.</summary>
    Greedy,

    /// <summary><c>majority</c>: k sampled solutions, answer by equivalence-clustered vote.</summary>
    Majority,

    /// <summary><c>best-of-n</c>: k sampled solutions ranked by the value model.</summary>
    BestOfN,

    /// <summary><c>beam</c>: step-level beam search guided by the value model.</summary>
    Beam,

    /// <summary><c>mcts</c>: Monte Carlo tree search (AlphaMath style).</summary>
    Mcts,
}
