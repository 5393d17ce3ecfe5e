using Mario.Search;

namespace Mario.Tool.Running;

/// <summary>
/// The seam between the eval runner and whatever solves a problem (a search strategy, or the interim greedy
/// solver). The runner knows nothing of search internals: it hands over a problem and records what comes back.
/// Implementations must be safe to call concurrently for different problems and should seed any randomness
/// from <see cref="ProblemSeed.Derive"/> so results do not depend on scheduling.
/// </summary>
public interface IProblemSolver
{
    /// <summary>A stable name recorded in the summary, e.g. <c>greedy</c>.</summary>
    string Name { get; }

    /// <summary>Solves one problem. Throwing records an error for this problem only; cancellation stops the run.</summary>
    ValueTask<SolveRecord> SolveAsync(Problem problem, CancellationToken cancellationToken);
}
