using System.Globalization;
using Mario.Models;
using Mario.Search.Steps;
using Mario.Search.Strategies;
using Mario.Tool.Runs;
using Mario.Tool.Suites;

namespace Mario.Tool.Running;

/// <summary>Everything an <c>eval</c> run was asked to do; built and validated once from the command line and stored in run.json.</summary>
/// <param name="Suite">Suite id or absolute manifest path.</param>
/// <param name="Model">The policy backend.</param>
/// <param name="ValueModel">The value model / PRM backend, or null.</param>
/// <param name="Strategy">The search strategy (named on the command line through Mario.Search's <see cref="StrategyNames"/>).</param>
/// <param name="StrategyOptions">Strategy options as <c>name=value</c> pairs (sorted by name), parsed into typed options by Mario.Search's <see cref="StrategyFactory.ParseOptions"/> (checked in <see cref="Validate"/>).</param>
/// <param name="StepFormat">The step format overriding the suite's, or null.</param>
/// <param name="Selection">Which problems: ids, shard and limit.</param>
/// <param name="Seed">Run seed; per-problem seeds derive from it and the problem id.</param>
/// <param name="Concurrency">Problems solved at once, 1 to 256.</param>
/// <param name="MaxTokens">Token budget per generated step, 1 to 32768.</param>
/// <param name="DataDir">Folder searched first for suite data, or null.</param>
/// <param name="UnsafeSandbox">True when the user opted out of sandbox isolation; recorded in every summary.</param>
/// <param name="Client">Sampling fields and model-server settings (top-p, top-k, min-p, API key variable, route, cache); null means the defaults.</param>
public sealed record EvalOptions(
    string Suite,
    ModelSpec Model,
    ModelSpec? ValueModel,
    StrategyKind Strategy,
    IReadOnlyDictionary<string, string> StrategyOptions,
    StepFormatKind? StepFormat,
    ProblemSelection Selection,
    ulong Seed,
    int Concurrency,
    int MaxTokens,
    string? DataDir,
    bool UnsafeSandbox = false,
    PolicyClientSettings? Client = null)
{
    /// <summary>Checks ranges, combinations and the strategy's options; returns one line naming the option and an example, or null when valid.</summary>
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

        if (Client?.Validate(server: Model.Kind == ModelSpecKind.OpenAi) is { } clientError)
        {
            return clientError;
        }

        var (typed, errors) = StrategyFactory.ParseOptions(Strategy, StrategyOptions);
        return typed is null
            ? $"--strategy {StrategyNames.Name(Strategy)}: option '{errors[0].Option}': {errors[0].Message} (e.g. --option {Example(Strategy)})"
            : null;
    }

    /// <summary>The table label, e.g. <c>beam(3,5)</c> (see <see cref="StrategySpec.Label"/>).</summary>
    public string Label => StrategySpec.Label(Strategy, StrategyOptions);

    /// <summary>The strategy options as one stable string (<c>a=1,b=2</c>), for comparisons and summaries.</summary>
    public string StrategyOptionsText => string.Join(",", StrategyOptions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"));

    /// <summary>
    /// The value of each option that decides results, as the command line spells it, keyed by option name
    /// (<c>--seed</c>): what a resume compares an explicitly given option against.
    /// </summary>
    public IReadOnlyDictionary<string, string> ResultDefiningValues() => new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["--suite"] = Suite,
        ["--model"] = Model.ToString(),
        ["--value-model"] = ValueModel?.ToString() ?? "",
        ["--strategy"] = Label,
        ["--samples"] = StrategyOptions.TryGetValue("samples", out var k) ? k : "",
        ["--option"] = StrategyOptionsText,
        ["--step-format"] = StepFormat is { } format ? StepFormats.Name(format) : "",
        ["--limit"] = Selection.Limit?.ToString(CultureInfo.InvariantCulture) ?? "",
        ["--ids"] = string.Join(",", (Selection.Ids ?? []).Order(StringComparer.Ordinal)),
        ["--shard"] = Selection.Shard?.ToString() ?? "",
        ["--seed"] = Seed.ToString(CultureInfo.InvariantCulture),
        ["--max-tokens"] = MaxTokens.ToString(CultureInfo.InvariantCulture),
        ["--top-p"] = (Client ?? PolicyClientSettings.Default).TopP.ToString(CultureInfo.InvariantCulture),
        ["--top-k"] = (Client ?? PolicyClientSettings.Default).TopK.ToString(CultureInfo.InvariantCulture),
        ["--min-p"] = (Client ?? PolicyClientSettings.Default).MinP.ToString(CultureInfo.InvariantCulture),
        ["--chat"] = (Client ?? PolicyClientSettings.Default).Chat ? "true" : "false",
    };

    /// <summary>The stored form (run.json, comparison.json).</summary>
    public RunOptions ToRecord() => new(
        Suite,
        Model.ToString(),
        ValueModel?.ToString(),
        Strategy,
        new SortedDictionary<string, string>(StrategyOptions.ToDictionary(), StringComparer.Ordinal),
        StepFormat,
        Selection.Ids,
        Selection.Shard?.ToString(),
        Selection.Limit,
        Seed,
        Concurrency,
        MaxTokens,
        DataDir,
        UnsafeSandbox,
        Client);

    /// <summary>Options from their stored form, validated as the command line validates them.</summary>
    /// <param name="record">The stored options.</param>
    /// <param name="file">The file they were read from, named in errors.</param>
    /// <returns>The options, or one line naming the file, the field and what was expected.</returns>
    public static (EvalOptions? Options, string? Error) FromRecord(RunOptions record, string file)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!ModelSpec.TryParse(record.Model, out var model, out var modelError))
        {
            return (null, $"{file}: options.model: {modelError}");
        }

        ModelSpec? valueModel = null;
        if (record.ValueModel is { } valueText)
        {
            if (!ModelSpec.TryParse(valueText, out var parsed, out var valueError))
            {
                return (null, $"{file}: options.valueModel: {valueError}");
            }

            valueModel = parsed;
        }

        ShardSpec? shard = null;
        if (record.Shard is { } shardText)
        {
            var (parsed, shardError) = ShardSpec.Parse(shardText);
            if (parsed is null)
            {
                return (null, $"{file}: options.shard: {shardError}");
            }

            shard = parsed;
        }

        var options = new EvalOptions(
            record.Suite,
            model,
            valueModel,
            record.Strategy,
            new SortedDictionary<string, string>(record.StrategyOptions.ToDictionary(), StringComparer.Ordinal),
            record.StepFormat,
            new ProblemSelection(record.Ids, shard, record.Limit),
            record.Seed,
            record.Concurrency,
            record.MaxTokens,
            record.DataDir,
            record.UnsafeSandbox,
            record.Client);
        return options.Validate() is { } invalid ? (null, $"{file}: options: {invalid}") : (options, null);
    }

    private static string Example(StrategyKind kind) => kind switch
    {
        StrategyKind.Beam => "beam-width=3 --option samples=5",
        StrategyKind.Mcts => "iterations=40",
        StrategyKind.RStarMcts => "rollouts=16",
        StrategyKind.Greedy => "max-depth=8",
        _ => "samples=8",
    };
}
