using Mario.Eval;
using Mario.Models;
using Mario.Sandbox;
using Mario.Search;
using Mario.Search.Steps;
using Mario.Search.Strategies;
using Mario.Tool.Runs;

namespace Mario.Tool.Running;

/// <summary>
/// Adapts a Mario.Search strategy to the runner: builds the per-problem <see cref="SearchContext"/> (randomness seeded
/// from the run seed and the problem id) and runs the strategy; the runner turns its <see cref="SearchResult"/> into a sample line.
/// </summary>
public sealed class SearchSolver
{
    private readonly ISearchStrategy _strategy;
    private readonly ILanguageModel _policy;
    private readonly IValueModel? _valueModel;
    private readonly ICodeSandbox? _sandbox;
    private readonly IStepFormat _format;
    private readonly IEquivalenceChecker _checker;
    private readonly ulong _seed;
    private readonly SearchLimits _limits;
    private readonly TimeProvider _time;

    /// <summary>Creates the solver; every problem gets its own context from these parts.</summary>
    public SearchSolver(ISearchStrategy strategy, ILanguageModel policy, IValueModel? valueModel, ICodeSandbox? sandbox,
        IStepFormat format, IEquivalenceChecker checker, ulong seed, SearchLimits limits, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(strategy);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(format);
        ArgumentNullException.ThrowIfNull(checker);
        _strategy = strategy;
        _policy = policy;
        _valueModel = valueModel;
        _sandbox = sandbox;
        _format = format;
        _checker = checker;
        _seed = seed;
        _limits = limits;
        _time = time;
    }

    /// <summary>The strategy's name, recorded in the summary, e.g. <c>greedy</c>.</summary>
    public string Name => _strategy.Name;

    /// <summary>
    /// Solves one problem. Safe to call concurrently for different problems; randomness comes from the run seed and
    /// the problem id only, so results do not depend on scheduling. Throwing records an error for this problem only;
    /// cancellation stops the run.
    /// </summary>
    public async ValueTask<SearchResult> SolveAsync(Problem problem, CancellationToken cancellationToken)
    {
        var context = SearchContext.ForProblem(problem, _seed, _policy, _format, _checker, _valueModel, _sandbox, _limits, _time);
        return await _strategy.SolveAsync(problem, context, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The sha256 (lower-case hex, of the UTF-8 text) of the first prompt the policy sees for a problem.</summary>
    public string PromptSha256(Problem problem) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(JsonText.Clean(_format.BuildPrompt(problem, [])))));
}
