using Mario.Inference;
using Mario.Inference.SafeTensors;
using Mario.Inference.Tokenization;
using Mario.Models;
using Mario.Tool.Running;

namespace Mario.Tool.Serving;

/// <summary>
/// The checkpoints one <c>mario serve</c> hosts, loaded as <c>eval</c> loads them (same loader, same engine settings),
/// so a seeded request gives exactly the in-process completion. A value model from the policy's own folder shares its
/// engine.
/// </summary>
internal sealed class ServedModels : IDisposable
{
    private ServedModels(LocalModel policy, string policyName, string policyRoot, LocalModel? value, string? valueName, string? valueRoot)
    {
        Policy = policy;
        PolicyName = policyName;
        PolicyRoot = policyRoot;
        Value = value;
        ValueName = valueName;
        ValueRoot = valueRoot;
    }

    /// <summary>The policy's checkpoint.</summary>
    public LocalModel Policy { get; }

    /// <summary>The policy's name on the wire.</summary>
    public string PolicyName { get; }

    /// <summary>The policy as given on the command line.</summary>
    public string PolicyRoot { get; }

    /// <summary>The value model's checkpoint (its <see cref="LocalModel.ValueModel"/> is set), or null.</summary>
    public LocalModel? Value { get; }

    /// <summary>The value model's name on the wire, or null.</summary>
    public string? ValueName { get; }

    /// <summary>The value model as given on the command line, or null.</summary>
    public string? ValueRoot { get; }

    /// <summary>Loads the checkpoints; a failure is one line naming the option and the problem.</summary>
    public static (ServedModels? Models, string? Error) Load(ServeOptions options)
    {
        var (policy, policyError) = LoadOne("--model", options.Model);
        if (policy is null)
        {
            return (null, policyError);
        }

        var policyName = options.ServedModelName ?? DefaultName(options.Model);
        if (options.ValueModel is not { } valueSpec)
        {
            return (new ServedModels(policy, policyName, options.Model.ToString(), null, null, null), null);
        }

        LocalModel value;
        string valueName;
        if (valueSpec == options.Model)
        {
            // One checkpoint is both policy and value model (AlphaMath's shared trunk): one engine, one name.
            value = policy;
            valueName = policyName;
        }
        else
        {
            var (loaded, valueError) = LoadOne("--value-model", valueSpec);
            if (loaded is null)
            {
                policy.Dispose();
                return (null, valueError);
            }

            value = loaded;
            valueName = DefaultName(valueSpec);
            if (valueName == policyName)
            {
                value.Dispose();
                policy.Dispose();
                return (null, $"--value-model {valueSpec}: its name '{valueName}' is the policy's; give the policy another with --served-model-name");
            }
        }

        if (value.ValueModel is null)
        {
            if (!ReferenceEquals(value, policy))
            {
                value.Dispose();
            }

            policy.Dispose();
            return (null, $"--value-model {valueSpec}: the checkpoint has no value head (expected v_head.summary.weight in model.safetensors or {ValueHead.FileName})");
        }

        return (new ServedModels(policy, policyName, options.Model.ToString(), value, valueName, valueSpec.ToString()), null);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Value is not null && !ReferenceEquals(Value, Policy))
        {
            Value.Dispose();
        }

        Policy.Dispose();
    }

    private static string DefaultName(ModelSpec spec) =>
        spec.Kind == ModelSpecKind.Tiny ? "tiny" : Path.GetFileName(Path.TrimEndingDirectorySeparator(spec.Location));

    private static (LocalModel? Model, string? Error) LoadOne(string option, ModelSpec spec)
    {
        var directory = spec.Location;
        string? id = null;
        if (spec.Kind == ModelSpecKind.Tiny)
        {
            if (BackendFactory.TinyModelDirectory() is not { } tiny)
            {
                return (null, $"{option} tiny: the embedded model does not ship in this build; use {option} local:DIR (a Hugging Face folder)");
            }

            directory = tiny;
            id = "tiny";
        }

        try
        {
            // The loader and engine settings eval uses (BackendFactory), so results are the in-process ones.
            return (LocalModelLoader.Load(directory, BpeTokenizer.Load, id: id), null);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or TokenizerFormatException or SafeTensorsFormatException or NotSupportedException or KeyNotFoundException or System.Text.Json.JsonException)
        {
            return (null, $"{option} {spec}: {ex.Message}");
        }
    }
}
