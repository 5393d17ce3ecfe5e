using Mario.Eval;
using Mario.Models;
using Mario.Search;
using Mario.Search.Steps;
using Mario.Search.Strategies;
using Mario.Tool.Suites;

namespace Mario.Tool.Running;

/// <summary>
/// One run with everything it needs composed: its resolved options, the suite and the problems it selects, the
/// strategy, the step format, the policy, the value model and the checker. Built once by
/// <see cref="EvalSession.PrepareAsync"/> before any folder is written.
/// </summary>
/// <param name="Options">The resolved options (stored in run.json).</param>
/// <param name="Suite">The loaded and verified suite.</param>
/// <param name="Problems">The selected problems, in suite order.</param>
/// <param name="Strategy">The search strategy.</param>
/// <param name="Format">The step format.</param>
/// <param name="Policy">The policy.</param>
/// <param name="ValueModel">The value model, or null.</param>
/// <param name="Checker">The answer checker for the suite's compare mode.</param>
public sealed record PreparedRun(
    EvalOptions Options,
    LoadedSuite Suite,
    IReadOnlyList<Problem> Problems,
    ISearchStrategy Strategy,
    IStepFormat Format,
    ILanguageModel Policy,
    IValueModel? ValueModel,
    IEquivalenceChecker Checker)
{
    /// <summary>The table label, e.g. <c>beam(3,5)</c>.</summary>
    public string Label => Options.Label;
}
