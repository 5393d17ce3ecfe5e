using System.Globalization;

namespace Mario.Tool.Runs;

/// <summary>
/// A gate baseline: what a run of one model scored, problem by problem, small enough to commit next to the model
/// (<c>dotnet mario gate --write-baseline RUN -o FILE</c>). A candidate run is gated against it only when it ran the
/// same suite data with the same strategy, options, step format and token budget; the model may differ (that is
/// what is gated). Only through <see cref="RunJson"/>; docs/schemas/gate-baseline.schema.json is its JSON Schema.
/// </summary>
/// <param name="Schema">Format version, 1.</param>
/// <param name="Suite">The suite and the exact data.</param>
/// <param name="Strategy">The strategy's command-line name.</param>
/// <param name="Solver">The strategy instance's name with its options.</param>
/// <param name="StepFormat">The step format the prompts used.</param>
/// <param name="StrategyOptions">Every strategy option, defaults included, name to value.</param>
/// <param name="MaxTokens">Token budget per step.</param>
/// <param name="Seed">The run seed of the baseline run (recorded; a candidate may use another).</param>
/// <param name="Model">The policy's id.</param>
/// <param name="ModelSha256">sha256 of the policy's files, or null for a server.</param>
/// <param name="ValueModel">The value model's id, or null.</param>
/// <param name="ValueModelSha256">sha256 of the value model's files, or null.</param>
/// <param name="Tool">The tool that made the baseline run.</param>
/// <param name="N">Problems, equal to the length of <paramref name="Problems"/>.</param>
/// <param name="Correct">Correct problems.</param>
/// <param name="Accuracy">Correct / N in [0, 1] (4 decimals).</param>
/// <param name="Problems">Every problem of the baseline run with its correctness, in the run's (suite) order.</param>
public sealed record GateBaseline(
    int Schema,
    SuiteIdentity Suite,
    string Strategy,
    string Solver,
    string StepFormat,
    IReadOnlyDictionary<string, string> StrategyOptions,
    int MaxTokens,
    ulong Seed,
    string Model,
    string? ModelSha256,
    string? ValueModel,
    string? ValueModelSha256,
    ToolIdentity Tool,
    int N,
    int Correct,
    double Accuracy,
    IReadOnlyList<BaselineProblem> Problems)
{
    /// <summary>The current format version.</summary>
    public const int CurrentSchema = 1;

    /// <summary>The baseline of a finished run.</summary>
    public static GateBaseline Of(FinishedRun run)
    {
        ArgumentNullException.ThrowIfNull(run);
        var s = run.Summary;
        var problems = run.Samples.Select(p => new BaselineProblem(p.Id, p.Correct)).ToList();
        var correct = problems.Count(p => p.Correct);
        return new GateBaseline(CurrentSchema, s.Suite, s.Strategy, s.Solver, s.StepFormat,
            new SortedDictionary<string, string>(s.Options.Strategy.ToDictionary(), StringComparer.Ordinal), s.Options.MaxTokens, s.Seed,
            s.Model, s.ModelSha256, s.ValueModel, s.ValueModelSha256, s.Tool, problems.Count, correct,
            problems.Count == 0 ? 0 : Math.Round((double)correct / problems.Count, 4), problems);
    }

    /// <summary>What is inconsistent inside the file (counts, duplicate ids), naming the field, or null.</summary>
    public string? Inconsistency()
    {
        if (Problems.Count == 0)
        {
            return "problems: expected at least one problem";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Problems.Count; i++)
        {
            if (!seen.Add(Problems[i].Id))
            {
                return string.Create(CultureInfo.InvariantCulture, $"problems[{i}].id: '{Problems[i].Id}' appears twice");
            }
        }

        if (N != Problems.Count)
        {
            return string.Create(CultureInfo.InvariantCulture, $"n: {N}, but problems lists {Problems.Count}");
        }

        var correct = Problems.Count(p => p.Correct);
        return Correct != correct ? string.Create(CultureInfo.InvariantCulture, $"correct: {Correct}, but {correct} problems are marked correct") : null;
    }

    /// <summary>
    /// The first way <paramref name="candidate"/> was run differently from this baseline (suite id, version or data
    /// sha256, strategy, strategy options, step format, token budget), as one clause, or null when they match.
    /// </summary>
    public string? Mismatch(RunSummary candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        string Differs(string what, string ours, string theirs) => $"the baseline differs from the candidate in {what}: {ours} in the baseline, {theirs} in the candidate";
        if (Suite.Id != candidate.Suite.Id)
        {
            return Differs("suite", Suite.Id, candidate.Suite.Id);
        }

        if (Suite.Version != candidate.Suite.Version)
        {
            return Differs($"the version of suite {Suite.Id}", Suite.Version.ToString(CultureInfo.InvariantCulture), candidate.Suite.Version.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.Equals(Suite.DataSha256, candidate.Suite.DataSha256, StringComparison.OrdinalIgnoreCase))
        {
            return Differs($"the data of suite {Suite.Id} (sha256)", Suite.DataSha256, candidate.Suite.DataSha256);
        }

        if (Strategy != candidate.Strategy)
        {
            return Differs("strategy", Strategy, candidate.Strategy);
        }

        foreach (var name in StrategyOptions.Keys.Union(candidate.Options.Strategy.Keys).Order(StringComparer.Ordinal))
        {
            var ours = StrategyOptions.GetValueOrDefault(name);
            var theirs = candidate.Options.Strategy.GetValueOrDefault(name);
            if (ours != theirs)
            {
                return Differs("strategy option " + name, ours is null ? "unset" : $"{name}={ours}", theirs is null ? "unset" : $"{name}={theirs}");
            }
        }

        if (StepFormat != candidate.StepFormat)
        {
            return Differs("step format", StepFormat, candidate.StepFormat);
        }

        return MaxTokens != candidate.Options.MaxTokens
            ? Differs("--max-tokens", MaxTokens.ToString(CultureInfo.InvariantCulture), candidate.Options.MaxTokens.ToString(CultureInfo.InvariantCulture))
            : null;
    }
}

/// <summary>One problem of a gate baseline.</summary>
/// <param name="Id">Problem id from the suite.</param>
/// <param name="Correct">True when the baseline run's verdict was equivalent.</param>
public sealed record BaselineProblem(string Id, bool Correct);
