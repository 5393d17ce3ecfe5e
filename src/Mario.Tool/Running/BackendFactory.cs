using Mario.Eval;
using Mario.Models;
using Mario.Tool.Commands;
using Mario.Tool.Suites;

namespace Mario.Tool.Running;

/// <summary>
/// The one place that maps specs to implementations: model specs to <see cref="ILanguageModel"/>s, strategies to
/// <see cref="IProblemSolver"/>s, and the equivalence checker. A closed switch, not a registry.
/// </summary>
public static class BackendFactory
{
    /// <summary>Creates the policy model, or a failure (exit 3 for backends this build cannot reach, 2 for bad files).</summary>
    public static async Task<(ILanguageModel? Model, CliFailure? Failure)> CreatePolicyAsync(ModelSpec spec, TimeProvider time, CancellationToken cancellationToken)
    {
        switch (spec.Kind)
        {
            case ModelSpecKind.Scripted:
                var (file, error) = await ScriptedModelFile.ReadAsync(spec.Location, cancellationToken).ConfigureAwait(false);
                return file is null ? (null, CliFailure.Usage(error!)) : (new ScriptedLanguageModel(file, time), null);
            case ModelSpecKind.Tiny:
                return (null, new CliFailure(ExitCodes.BackendUnreachable,
                    "--model tiny: the embedded model is not available in this build yet; use --model scripted:FILE (e.g. scripted:eval-suites/demo/gsm8k-mini.scripted.json)"));
            case ModelSpecKind.Local:
                return (null, new CliFailure(ExitCodes.BackendUnreachable,
                    $"--model {spec}: the local CPU engine is not wired into eval in this build yet; use --model scripted:FILE"));
            case ModelSpecKind.OpenAi:
                return (null, new CliFailure(ExitCodes.BackendUnreachable,
                    $"--model {spec}: the OpenAI-compatible client is not wired into eval in this build yet; use --model scripted:FILE"));
            default:
                throw new InvalidOperationException($"unhandled model kind {spec.Kind}");
        }
    }

    /// <summary>Creates the solver for a strategy, or a failure when the strategy is not wired into this build.</summary>
    public static (IProblemSolver? Solver, CliFailure? Failure) CreateSolver(EvalOptions options, ILanguageModel policy, TimeProvider time) =>
        options.Strategy switch
        {
            StrategyKind.Greedy => (new GreedySolver(policy, options.MaxTokens, options.Seed, time), null),
            _ => (null, CliFailure.Usage($"--strategy {EvalOptions.StrategyName(options.Strategy)} is not available in this build (only greedy is wired); use --strategy greedy")),
        };

    /// <summary>Whether a strategy is wired into this build (checked before any data is loaded).</summary>
    public static bool IsAvailable(StrategyKind strategy) => strategy == StrategyKind.Greedy;

    /// <summary>
    /// The equivalence checker used for grading, for the suite's compare mode.
    /// REPLACE with Mario.Eval's EquivalenceChecker once merged (the compare mode tells it how strict to be).
    /// </summary>
    public static IEquivalenceChecker CreateChecker(CompareMode compare) => new InterimEquivalenceChecker(compare);
}
