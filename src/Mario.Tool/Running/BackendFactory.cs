using Mario.Eval;
using Mario.Inference;
using Mario.Inference.SafeTensors;
using Mario.Inference.Tokenization;
using Mario.Models;
using Mario.Models.Clients;
using Mario.Models.Scripted;
using Mario.Sandbox;
using Mario.Search;
using Mario.Search.Steps;
using Mario.Search.Strategies;
using Mario.Tool.Cli;
using Mario.Tool.Suites;

namespace Mario.Tool.Running;

/// <summary>
/// The composition root's closed switch from specs to backends: the only place that knows the concrete policy,
/// value-model, checker and strategy types. Search sees interfaces only.
/// </summary>
public sealed class BackendFactory : IDisposable
{
    private readonly Dictionary<string, LocalModel> _local = new(StringComparer.Ordinal);
    private readonly Dictionary<ModelSpec, ServerPolicy> _servers = [];
    private readonly List<IDisposable> _clients = [];
    private readonly TimeProvider _time;

    /// <summary>Creates a factory; local models it loads are shared between policy and value and disposed with it.</summary>
    public BackendFactory(TimeProvider time) => _time = time;

    /// <summary>Builds the policy for a <c>--model</c> spec, or a failure with the exit code to use.</summary>
    public Task<(ILanguageModel? Model, CliFailure? Failure)> CreatePolicyAsync(ModelSpec spec, CancellationToken cancellationToken) =>
        CreatePolicyAsync(spec, null, cancellationToken);

    /// <summary>
    /// Builds the policy for a <c>--model</c> spec with its model-server settings (used by <c>openai:</c> specs; a
    /// server is connected and probed once per factory), or a failure with the exit code to use.
    /// </summary>
    public async Task<(ILanguageModel? Model, CliFailure? Failure)> CreatePolicyAsync(ModelSpec spec, PolicyClientSettings? client, CancellationToken cancellationToken)
    {
        switch (spec.Kind)
        {
            case ModelSpecKind.Scripted:
                var (file, error) = await ScriptedModelFile.ReadAsync(spec.Location, cancellationToken).ConfigureAwait(false);
                return file is null ? (null, CliFailure.Usage(error!)) : (new ScriptedLanguageModel(file, _time), null);
            case ModelSpecKind.Local:
                var (local, failure) = LoadLocal("--model", spec.Location);
                return (local?.LanguageModel, failure);
            case ModelSpecKind.Tiny:
                var (tiny, tinyFailure) = LoadTiny("--model");
                return (tiny?.LanguageModel, tinyFailure);
            case ModelSpecKind.OpenAi:
                if (_servers.TryGetValue(spec, out var connected))
                {
                    return (connected.Model, null);
                }

                // Retry backoff and attempt timeouts run on the real clock (an injected test clock would stop them); they
                // decide when a request is sent, never what it returns.
                var (server, serverFailure) = await ServerPolicy.ConnectAsync(spec, client ?? PolicyClientSettings.Default, TimeProvider.System, cancellationToken).ConfigureAwait(false);
                if (server is null)
                {
                    return (null, serverFailure);
                }

                _servers[spec] = server;
                return (server.Model, null);
            case ModelSpecKind.VllmPooling:
                return (null, CliFailure.Usage($"--model {spec}: vllm-pooling serves reward models; give it as --value-model and the policy as --model"));
            default:
                throw new InvalidOperationException($"unhandled model kind {spec.Kind}");
        }
    }

    /// <summary>What an <c>openai:</c> policy's servers reported and what was sent to them so far; null for other policies.</summary>
    public PolicyServerInfo? ServerInfo(ModelSpec spec) => _servers.TryGetValue(spec, out var server) ? server.Info : null;

    /// <summary>The context window a served policy's probe reported, or null (not a server, or it did not say).</summary>
    public IContextWindow? ServerContextWindow(ModelSpec spec) => _servers.TryGetValue(spec, out var server) ? server.ContextWindow : null;

    /// <summary>Builds the value model for a <c>--value-model</c> spec, or a failure with the exit code to use.</summary>
    public (IValueModel? Model, CliFailure? Failure) CreateValueModel(ModelSpec spec)
    {
        switch (spec.Kind)
        {
            case ModelSpecKind.Local:
                var (local, failure) = LoadLocal("--value-model", spec.Location);
                if (local is null)
                {
                    return (null, failure);
                }

                return local.ValueModel is { } value
                    ? (value, null)
                    : (null, CliFailure.Usage($"--value-model {spec}: the checkpoint has no value head (expected v_head.summary.weight in model.safetensors or {ValueHead.FileName})"));
            case ModelSpecKind.Tiny:
                var (tiny, tinyFailure) = LoadTiny("--value-model");
                return tiny is null ? (null, tinyFailure) : (tiny.ValueModel, tiny.ValueModel is null ? CliFailure.Usage("--value-model tiny: the embedded model has no value head") : null);
            case ModelSpecKind.Scripted:
                var (scripted, error) = ScriptedValueFile.Read(spec.Location);
                return scripted is null ? (null, CliFailure.Usage($"--value-model {spec}: {error}")) : (new ScriptedValueModel(scripted), null);
            case ModelSpecKind.VllmPooling:
                var pooling = new PoolingValueModel(new Uri(spec.Location), spec.Name!, spec.RewardStyle ?? RewardModelStyles.Default);
                _clients.Add(pooling);
                return (pooling, null);
            default:
                return (null, CliFailure.Usage($"--value-model {spec}: value models come from local:DIR, tiny, scripted:FILE or vllm-pooling:URL#NAME in this build"));
        }
    }

    /// <summary>
    /// The policy's own value head as a value-model spec, when a <c>tiny</c> or <c>local:DIR</c> policy has one
    /// (AlphaMath's shared trunk: one checkpoint is both policy and value model); null otherwise.
    /// </summary>
    public ModelSpec? OwnValueHead(ModelSpec policy)
    {
        var (model, _) = policy.Kind switch
        {
            ModelSpecKind.Local => LoadLocal("--model", policy.Location),
            ModelSpecKind.Tiny => LoadTiny("--model"),
            _ => (null, null),
        };
        return model?.ValueModel is null ? null : policy;
    }

    /// <summary>
    /// Builds the strategy: the run's <c>name=value</c> options (as stored in run.json) are parsed once into Mario.Search's
    /// typed options here; errors name the option and give an example.
    /// </summary>
    public static (ISearchStrategy? Strategy, CliFailure? Failure) CreateStrategy(EvalOptions options)
    {
        var name = StrategyNames.Name(options.Strategy);
        var (typed, errors) = StrategyFactory.ParseOptions(options.Strategy, options.StrategyOptions);
        if (typed is null)
        {
            var first = errors[0];
            return (null, CliFailure.Usage($"--strategy {name}: option '{first.Option}': {first.Message} (e.g. --option {Example(options.Strategy)})"));
        }

        var strategy = StrategyFactory.Create(typed);
        if (strategy.RequiresValueModel && options.ValueModel is null)
        {
            return (null, CliFailure.Usage($"--strategy {name} ranks candidates with a value model: add --value-model, e.g. --value-model local:models/my-value-model"));
        }

        return (strategy, null);
    }

    /// <summary>
    /// The step format: the prompt type (<c>--prompt-type</c>, else the one named after the <c>--step-format</c>
    /// override or the suite's step format) with its demonstrations; see <see cref="PromptTypeCatalog.CreateAsync"/>.
    /// </summary>
    public static async Task<(IStepFormat? Format, CliFailure? Failure)> CreateStepFormatAsync(
        EvalOptions options, LoadedSuite suite, CancellationToken cancellationToken) =>
        await PromptTypeCatalog.CreateAsync(options.Prompt, options.StepFormat, suite.Manifest.StepFormat, cancellationToken).ConfigureAwait(false);

    /// <summary>True when the format's steps may carry code that the sandbox must run.</summary>
    public static bool NeedsSandbox(IStepFormat format) => format.Kind != StepFormatKind.PlainCot;

    /// <summary>Starts the sandbox pool; an unavailable interpreter or isolation gives exit code 4.</summary>
    public static async Task<(ForkServerSandbox? Sandbox, CliFailure? Failure)> CreateSandboxAsync(bool allowUnsafe, CancellationToken cancellationToken)
    {
        try
        {
            return (await ForkServerSandbox.StartAsync(new SandboxOptions { AllowUnsafe = allowUnsafe }, cancellationToken).ConfigureAwait(false), null);
        }
        catch (SandboxUnavailableException ex)
        {
            return (null, new CliFailure(ExitCodes.SandboxUnavailable, $"{ex.Message} (see 'dotnet mario sandbox doctor'; --unsafe-sandbox opts out of isolation and is recorded in the summary)"));
        }
    }

    /// <summary>The answer checker for a suite's compare mode.</summary>
    public static IEquivalenceChecker CreateChecker(CompareMode compare) =>
        compare == CompareMode.Choice ? new ChoiceEquivalenceChecker(new EquivalenceChecker()) : new EquivalenceChecker();

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var model in _local.Values)
        {
            model.Dispose();
        }

        _local.Clear();
        foreach (var server in _servers.Values)
        {
            server.Dispose();
        }

        _servers.Clear();
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _clients.Clear();
    }

    /// <summary>
    /// Where the embedded model lives: <c>models/tiny</c> beside the tool (copied there at build and pack time), or in
    /// the repository when run from a checkout. Null when this build does not ship it.
    /// </summary>
    public static string? TinyModelDirectory()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "models", "tiny");
        if (File.Exists(Path.Combine(beside, "config.json")))
        {
            return beside;
        }

        return DataLocator.FindRepositoryRoot(Directory.GetCurrentDirectory()) is { } root && File.Exists(Path.Combine(root, "models", "tiny", "config.json"))
            ? Path.Combine(root, "models", "tiny")
            : null;
    }

    private (LocalModel? Model, CliFailure? Failure) LoadTiny(string option)
    {
        if (TinyModelDirectory() is not { } directory)
        {
            return (null, new CliFailure(ExitCodes.BackendUnreachable,
                $"{option} tiny: the embedded model does not ship in this build; use {option} local:DIR (a Hugging Face folder) or scripted:FILE"));
        }

        // Named "tiny" in summaries and tables, as the user wrote it, rather than after its folder.
        var (model, failure) = LoadLocal(option, directory, "tiny");
        return (model, failure);
    }

    private (LocalModel? Model, CliFailure? Failure) LoadLocal(string option, string directory, string? id = null)
    {
        if (_local.TryGetValue(directory, out var cached))
        {
            return (cached, null);
        }

        try
        {
            var model = LocalModelLoader.Load(directory, BpeTokenizer.Load, id: id);
            _local[directory] = model;
            return (model, null);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or TokenizerFormatException or SafeTensorsFormatException or NotSupportedException or KeyNotFoundException or System.Text.Json.JsonException)
        {
            return (null, CliFailure.Usage($"{option} local:{directory}: {ex.Message}"));
        }
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
