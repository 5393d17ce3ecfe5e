using Mario.Eval;
using Mario.Models;
using Mario.Sandbox;
using Mario.Search.Steps;

namespace Mario.Search;

/// <summary>
/// Everything a strategy needs for one problem. Search never sees a backend type, only these interfaces.
/// Build one per problem (the <see cref="Random"/> is seeded from the run seed and the problem id).
/// </summary>
public sealed class SearchContext
{
    /// <summary>The policy that generates steps.</summary>
    public required ILanguageModel Policy { get; init; }

    /// <summary>The value model or PRM that scores prefixes in [-1, 1]; required by bon, beam with ranking, and test-time MCTS.</summary>
    public IValueModel? ValueModel { get; init; }

    /// <summary>Runs model-written code; required when the step format produces code steps.</summary>
    public ICodeSandbox? Sandbox { get; init; }

    /// <summary>The step protocol.</summary>
    public required IStepFormat StepFormat { get; init; }

    /// <summary>Answer equivalence, for voting and for gold rewards.</summary>
    public required IEquivalenceChecker Checker { get; init; }

    /// <summary>This problem's seeded random source (sampling seeds, tie-breaks).</summary>
    public required Random Random { get; init; }

    /// <summary>Clock for elapsed time.</summary>
    public TimeProvider Time { get; init; } = TimeProvider.System;

    /// <summary>Per-step generation limits.</summary>
    public SearchLimits Limits { get; init; } = SearchLimits.Default;

    /// <summary>A context for <paramref name="problem"/> whose random source is seeded from <paramref name="runSeed"/> and the problem id.</summary>
    public static SearchContext ForProblem(
        Problem problem,
        ulong runSeed,
        ILanguageModel policy,
        IStepFormat stepFormat,
        IEquivalenceChecker checker,
        IValueModel? valueModel = null,
        ICodeSandbox? sandbox = null,
        SearchLimits? limits = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return new SearchContext
        {
            Policy = policy,
            ValueModel = valueModel,
            Sandbox = sandbox,
            StepFormat = stepFormat,
            Checker = checker,
            Random = new Random(StableHash.ProblemSeed(runSeed, problem.Id)),
            Time = time ?? TimeProvider.System,
            Limits = limits ?? SearchLimits.Default,
        };
    }
}
