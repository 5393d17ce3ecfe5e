namespace Mario.Models;

/// <summary>
/// The parsed form of a <c>--model</c> (or <c>--value-model</c>) argument:
/// <c>tiny</c>, <c>local:DIR</c>, <c>openai:URL[,URL...]#NAME</c>, <c>scripted:FILE</c> or (value models only)
/// <c>vllm-pooling:URL#NAME[@STYLE]</c>.
/// </summary>
/// <param name="Kind">Which backend.</param>
/// <param name="Location">The folder (local), base URL or comma-separated base URLs of replicas serving the same model
/// (openai), base URL (vllm-pooling) or file (scripted); empty for tiny.</param>
/// <param name="Name">The served model name (openai, vllm-pooling); otherwise null.</param>
public sealed record ModelSpec(ModelSpecKind Kind, string Location, string? Name)
{
    /// <summary>The reward-model family of a <c>vllm-pooling</c> spec (its <c>@STYLE</c> suffix, else the default); null for other kinds.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public Clients.RewardModelStyle? RewardStyle { get; init; }

    /// <summary>The embedded default model.</summary>
    public static ModelSpec Tiny { get; } = new(ModelSpecKind.Tiny, "", null);

    /// <summary>Examples shown in error messages and help.</summary>
    public const string Examples = "tiny, local:models/qwen2.5-0.5b, openai:http://127.0.0.1:8000#qwen (several replicas: openai:URL1,URL2#NAME), scripted:eval-suites/demo/gsm8k-mini.scripted.json";

    /// <summary>The canonical text form, e.g. <c>openai:http://127.0.0.1:8000/v1#qwen</c>; parsing it gives an equal spec.</summary>
    public override string ToString() => Kind switch
    {
        ModelSpecKind.Tiny => "tiny",
        ModelSpecKind.Local => "local:" + Location,
        ModelSpecKind.OpenAi => $"openai:{Location}#{Name}",
        ModelSpecKind.Scripted => "scripted:" + Location,
        ModelSpecKind.VllmPooling => $"vllm-pooling:{Location}#{Name}"
            + (RewardStyle is { } style && style != Clients.RewardModelStyles.Default ? "@" + Clients.RewardModelStyles.Name(style) : ""),
        _ => throw new InvalidOperationException($"unhandled model kind {Kind}"),
    };

    /// <summary>
    /// The base URLs of an <c>openai:</c> spec, in the order given (each replica of one served model); empty for other kinds.
    /// </summary>
    public IReadOnlyList<Uri> EndpointUrls() => Kind == ModelSpecKind.OpenAi
        ? Location.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(u => new Uri(u, UriKind.Absolute)).ToList()
        : [];

    /// <summary>
    /// Parses a model spec. Returns false with a one-line <paramref name="error"/> naming what was expected.
    /// </summary>
    /// <param name="text">The argument as typed.</param>
    /// <param name="spec">The parsed spec when successful.</param>
    /// <param name="error">Why parsing failed, when it did.</param>
    public static bool TryParse(string? text, out ModelSpec spec, out string error)
    {
        spec = Tiny;
        error = "";
        var value = text?.Trim() ?? "";
        if (value.Length == 0)
        {
            error = $"empty model spec; expected one of: {Examples}";
            return false;
        }

        if (value == "tiny")
        {
            return true;
        }

        var colon = value.IndexOf(':');
        var prefix = colon < 0 ? value : value[..colon];
        var rest = colon < 0 ? "" : value[(colon + 1)..];
        switch (prefix)
        {
            case "local" when rest.Length > 0:
                spec = new ModelSpec(ModelSpecKind.Local, rest, null);
                return true;
            case "scripted" when rest.Length > 0:
                spec = new ModelSpec(ModelSpecKind.Scripted, rest, null);
                return true;
            case "openai":
                return TryParseOpenAi(value, rest, out spec, out error);
            case "vllm-pooling":
                return TryParseVllmPooling(value, rest, out spec, out error);
            case "local" or "scripted":
                error = $"model spec '{value}' lacks a path after '{prefix}:'; e.g. {prefix}:{(prefix == "local" ? "models/qwen2.5-0.5b" : "script.json")}";
                return false;
            default:
                error = $"unknown model spec '{value}'; expected one of: {Examples}";
                return false;
        }
    }

    private static bool TryParseOpenAi(string value, string rest, out ModelSpec spec, out string error)
    {
        spec = Tiny;
        error = "";
        var hash = rest.LastIndexOf('#');
        if (hash <= 0 || hash == rest.Length - 1)
        {
            error = $"model spec '{value}' must be openai:URL[,URL...]#NAME, e.g. openai:http://127.0.0.1:8000#qwen";
            return false;
        }

        var urls = rest[..hash].Split(',', StringSplitOptions.TrimEntries);
        foreach (var url in urls)
        {
            if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || uri.Query.Length > 0 || uri.Fragment.Length > 0)
            {
                error = $"model spec '{value}': '{url}' is not an http(s) base URL; e.g. openai:http://127.0.0.1:8000,http://127.0.0.1:8001#qwen";
                return false;
            }
        }

        if (urls.Distinct(StringComparer.OrdinalIgnoreCase).Count() != urls.Length)
        {
            error = $"model spec '{value}' names one URL twice; list each replica once";
            return false;
        }

        spec = new ModelSpec(ModelSpecKind.OpenAi, string.Join(',', urls), rest[(hash + 1)..]);
        return true;
    }

    private static bool TryParseVllmPooling(string value, string rest, out ModelSpec spec, out string error)
    {
        const string Example = "vllm-pooling:http://127.0.0.1:8001#Qwen/Qwen2.5-Math-PRM-7B";
        spec = Tiny;
        error = "";
        var hash = rest.LastIndexOf('#');
        if (hash <= 0 || hash == rest.Length - 1)
        {
            error = $"model spec '{value}' must be vllm-pooling:URL#NAME[@STYLE], e.g. {Example}";
            return false;
        }

        var url = rest[..hash];
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            error = $"model spec '{value}': '{url}' is not an http(s) URL";
            return false;
        }

        var name = rest[(hash + 1)..];
        var style = Clients.RewardModelStyles.Default;
        var at = name.LastIndexOf('@');
        if (at == 0)
        {
            error = $"model spec '{value}' lacks a model name before '@'; e.g. {Example}@orm";
            return false;
        }

        if (at > 0)
        {
            if (Clients.RewardModelStyles.Parse(name[(at + 1)..]) is not { } parsed)
            {
                error = $"model spec '{value}': '@{name[(at + 1)..]}' after the model name must be a reward model style: {Clients.RewardModelStyles.Names}";
                return false;
            }

            (name, style) = (name[..at], parsed);
        }

        spec = new ModelSpec(ModelSpecKind.VllmPooling, url, name) { RewardStyle = style };
        return true;
    }
}
