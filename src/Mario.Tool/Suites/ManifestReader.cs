using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Mario.Tool.Suites;

/// <summary>Reads and validates suite manifests; every error names the file and the field.</summary>
public static partial class ManifestReader
{
    /// <summary>Serializer options of the manifest schema: camelCase fields, kebab-case enum names, unknown fields rejected.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
        ReadCommentHandling = JsonCommentHandling.Disallow,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower, allowIntegerValues: false) },
    };

    /// <summary>Parses and validates one manifest. <paramref name="origin"/> names the file in messages.</summary>
    /// <returns>The manifest, or a one-line error of the form <c>origin: field: what was expected</c>.</returns>
    public static (SuiteManifest? Manifest, string? Error) Parse(string json, string origin)
    {
        SuiteManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<SuiteManifest>(json, Options);
        }
        catch (JsonException ex)
        {
            return (null, $"{origin}:{(ex.LineNumber ?? 0) + 1}: {Describe(ex)}");
        }

        if (manifest is null)
        {
            return (null, $"{origin}: expected a JSON object, found null");
        }

        var error = Validate(manifest);
        return error is null ? (manifest, null) : (null, $"{origin}: {error}");
    }

    /// <summary>Reads a manifest file and checks that its <c>id</c> equals the file name.</summary>
    public static async Task<(SuiteManifest? Manifest, string? Error)> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        string json;
        try
        {
            json = await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"{path}: cannot read manifest: {ex.Message}");
        }

        var (manifest, error) = Parse(json, path);
        if (manifest is not null && Path.GetFileNameWithoutExtension(path) is var name && name != manifest.Id)
        {
            return (null, $"{path}: id: '{manifest.Id}' must equal the file name '{name}'");
        }

        return (manifest, error);
    }

    /// <summary>A one-line description of a deserialization error: the field path and what was wrong.</summary>
    internal static string Describe(JsonException ex)
    {
        var path = ex.Path is null or "$" ? "" : ex.Path.TrimStart('$', '.');
        var message = ex.Message;
        var unknown = UnknownMember().Match(message);
        if (unknown.Success)
        {
            var field = path.Length == 0 ? unknown.Groups[1].Value : path;
            return $"{field}: unknown field (see eval-suites/README.md for the schema)";
        }

        var missing = MissingMembers().Match(message);
        if (missing.Success)
        {
            return $"{(path.Length == 0 ? "" : path + ": ")}missing required field(s) {missing.Groups[1].Value}";
        }

        var conversion = ConversionFailure().Match(message);
        if (conversion.Success)
        {
            return $"{(path.Length == 0 ? "" : path + ": ")}expected {Expected(conversion.Groups[1].Value)}";
        }

        // Keep the serializer's first sentence only.
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        var head = cut > 0 ? message[..cut] : message;
        return $"{(path.Length == 0 ? "" : path + ": ")}{head}";
    }

    private static string Expected(string typeName)
    {
        var name = typeName.TrimEnd('?');
        if (name.StartsWith("System.Nullable`1[", StringComparison.Ordinal))
        {
            name = name["System.Nullable`1[".Length..].TrimEnd(']');
        }

        var type = typeof(ManifestReader).Assembly.GetType(name);
        if (type is { IsEnum: true })
        {
            return "one of " + string.Join(", ", Enum.GetNames(type).Select(n => JsonNamingPolicy.KebabCaseLower.ConvertName(n)));
        }

        return name switch
        {
            "System.Int32" or "System.Int64" or "System.UInt64" => "an integer",
            "System.String" => "a string",
            "System.Boolean" => "true or false",
            _ when name.StartsWith("System.Collections.Generic.IReadOnlyList", StringComparison.Ordinal) => "an array",
            _ => "an object",
        };
    }

    private static string? Validate(SuiteManifest m)
    {
        if (!IdPattern().IsMatch(m.Id))
        {
            return $"id: '{m.Id}' must be letters, digits, '-' or '_', starting with a lower-case letter or digit";
        }

        if (m.Version < 1)
        {
            return $"version: {m.Version} must be at least 1";
        }

        if (m.Rows < 1)
        {
            return $"rows: {m.Rows} must be at least 1";
        }

        if (string.IsNullOrWhiteSpace(m.Title) || string.IsNullOrWhiteSpace(m.License) || string.IsNullOrWhiteSpace(m.Mapping))
        {
            return "title, license and mapping must be non-empty strings";
        }

        if (m.Data.File.Length == 0 || m.Data.File != Path.GetFileName(m.Data.File) || !m.Data.File.EndsWith(".jsonl", StringComparison.Ordinal))
        {
            return $"data.file: '{m.Data.File}' must be a bare file name ending in .jsonl";
        }

        if (!ShaPattern().IsMatch(m.Data.Sha256))
        {
            return $"data.sha256: expected 64 lower-case hex digits, found '{m.Data.Sha256}'";
        }

        if (m.Source is { } source && !ShaPattern().IsMatch(source.Sha256))
        {
            return $"source.sha256: expected 64 lower-case hex digits, found '{source.Sha256}'";
        }

        if (m.Data.Bytes < 1 || m.Source is { Bytes: < 1 })
        {
            return "data.bytes and source.bytes must be positive";
        }

        if (m.Source is { } pinned && !IsHttpUrl(pinned.Url))
        {
            return $"source.url: '{pinned.Url}' is not an http(s) URL";
        }

        if (m.Data.Url is { } dataUrl && !IsHttpUrl(dataUrl))
        {
            return $"data.url: '{dataUrl}' is not an http(s) URL";
        }

        if (m.Pull.Take is < 1 || m.Pull.IdWidth is < 0 or > 8)
        {
            return "pull: take must be at least 1 and idWidth in 0..8";
        }

        if (m.Pull.Normalizer != PullNormalizer.None && m.Pull.IdWidth == 0)
        {
            return "pull.idWidth: required (1..8) when a normalizer is set";
        }

        if (m.Fields.Id.Length == 0 || m.Fields.Question.Length == 0 || m.Fields.Answer.Length == 0)
        {
            return "fields: id, question and answer must name JSONL fields";
        }

        if (m.FewShot is { } fs && (fs.Count is < 0 or > 32 || !IdPattern().IsMatch(fs.Suite)))
        {
            return $"fewShot: suite must be a suite id and count in 0..32 (found '{fs.Suite}', {fs.Count})";
        }

        return null;
    }

    private static bool IsHttpUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    [GeneratedRegex(@"^[a-z0-9][a-zA-Z0-9_-]*$")]
    private static partial Regex IdPattern();

    [GeneratedRegex("^[0-9a-f]{64}$")]
    private static partial Regex ShaPattern();

    [GeneratedRegex(@"The JSON value could not be converted to (\S+)\. Path")]
    private static partial Regex ConversionFailure();

    [GeneratedRegex("The JSON property '([^']*)' could not be mapped")]
    private static partial Regex UnknownMember();

    [GeneratedRegex("missing required properties(?: including)?: (.*?)\\.?(?: Path|$)")]
    private static partial Regex MissingMembers();
}
