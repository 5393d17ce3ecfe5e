using Mario.Models;
using Mario.Search.Strategies;
using Mario.Tool.Suites;

namespace Mario.Tool.Running;

/// <summary>Everything an <c>eval</c> run was asked to do; built and validated once from the command line and stored in run.json.</summary>
/// <param name="Suite">Suite id or absolute manifest path.</param>
/// <param name="Model">The policy backend.</param>
/// <param name="ValueModel">The value model / PRM backend, or null.</param>
/// <param name="Strategy">The search strategy (named on the command line through Mario.Search's <see cref="StrategyNames"/>).</param>
/// <param name="StrategyOptions">Strategy options as <c>name=value</c> pairs (sorted by name), parsed once into typed options by Mario.Search's <see cref="StrategyFactory.ParseOptions"/>.</param>
/// <param name="StepFormat">Step format name overriding the suite's (tagged|sft, react, rstar, plain|cot), or null.</param>
/// <param name="Selection">Which problems: ids, shard and limit.</param>
/// <param name="Seed">Run seed; per-problem seeds derive from it and the problem id.</param>
/// <param name="Concurrency">Problems solved at once, 1 to 256.</param>
/// <param name="MaxTokens">Token budget per generated step, 1 to 32768.</param>
/// <param name="DataDir">Folder searched first for suite data, or null.</param>
/// <param name="UnsafeSandbox">True when the user opted out of sandbox isolation; recorded in every summary.</param>
/// <param name="Prompt">--prompt-type and --num-fewshot, or null for the step format's own prompt and its default demonstrations.</param>
public sealed record EvalOptions(
    string Suite,
    ModelSpec Model,
    ModelSpec? ValueModel,
    StrategyKind Strategy,
    IReadOnlyDictionary<string, string> StrategyOptions,
    string? StepFormat,
    ProblemSelection Selection,
    ulong Seed,
    int Concurrency,
    int MaxTokens,
    string? DataDir,
    bool UnsafeSandbox = false,
    PromptSelection? Prompt = null)
{
    /// <summary>Checks ranges and combinations; returns one line naming the option and an example, or null when valid.</summary>
    public string? Validate()
    {
        if (Concurrency is < 1 or > 256)
        {
            return $"--concurrency {Concurrency}: expected 1..256, e.g. --concurrency 4";
        }

        if (MaxTokens is < 1 or > 32768)
        {
            return $"--max-tokens {MaxTokens}: expected 1..32768, e.g. --max-tokens 1024";
        }

        if (Selection.Limit is < 1)
        {
            return $"--limit {Selection.Limit}: expected at least 1, e.g. --limit 10";
        }

        return Prompt?.Validate();
    }

    /// <summary>The strategy options as one stable string (<c>a=1,b=2</c>), for comparisons and summaries.</summary>
    public string StrategyOptionsText => string.Join(",", StrategyOptions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));
}
