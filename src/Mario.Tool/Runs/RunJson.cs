using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Mario.Eval;
using Mario.Search;

namespace Mario.Tool.Runs;

/// <summary>
/// The one way run files are written and read: camelCase fields, closed sets in kebab case, nulls written, and
/// non-ASCII text kept readable. Every producer and reader of run.json, samples.jsonl, summary.json and comparison.json goes through here.
/// </summary>
public static class RunJson
{
    private static readonly RunJsonContext Compact = new(Create(indented: false));
    private static readonly RunJsonContext Indented = new(Create(indented: true));

    /// <summary>One sample line as UTF-8 bytes ending in a newline (no raw newline inside).</summary>
    public static byte[] Serialize(SampleLine line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(line.Cleaned(), Compact.SampleLine);
        var result = new byte[bytes.Length + 1];
        bytes.CopyTo(result, 0);
        result[^1] = (byte)'\n';
        return result;
    }

    /// <summary>Parses one sample line; the error names the field and what was expected.</summary>
    public static (SampleLine? Line, string? Error) ParseSample(string text)
    {
        try
        {
            var line = JsonSerializer.Deserialize(text, Compact.SampleLine);
            return line is null ? (null, "expected a JSON object") : (line, null);
        }
        catch (JsonException ex)
        {
            return (null, $"{ex.Path ?? "$"}: {FirstSentence(ex.Message)}");
        }
    }

    /// <summary>summary.json text (indented, ending in a newline).</summary>
    public static string Serialize(RunSummary summary) => JsonSerializer.Serialize(summary, Indented.RunSummary) + "\n";

    /// <summary>Parses summary.json; the error names the field and what was expected.</summary>
    public static (RunSummary? Summary, string? Error) ParseSummary(string text)
    {
        try
        {
            var summary = JsonSerializer.Deserialize(text, Indented.RunSummary);
            return summary is { Schema: RunSummary.CurrentSchema } ? (summary, null) : (null, $"schema: expected {RunSummary.CurrentSchema}");
        }
        catch (JsonException ex)
        {
            return (null, $"{ex.Path ?? "$"}: {FirstSentence(ex.Message)}");
        }
    }

    /// <summary>Reads summary.json from a file; the error names the file.</summary>
    public static async Task<(RunSummary? Summary, string? Error)> ReadSummaryAsync(string path, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            return (null, $"{path}: no such file");
        }

        var (summary, error) = ParseSummary(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false));
        return summary is null ? (null, $"{path}: {error}") : (summary, null);
    }

    /// <summary>run.json text (indented, ending in a newline).</summary>
    public static string Serialize(RunManifest manifest) => JsonSerializer.Serialize(manifest, Indented.RunManifest) + "\n";

    /// <summary>comparison.json text (indented, ending in a newline).</summary>
    public static string Serialize(ComparisonManifest manifest) => JsonSerializer.Serialize(manifest, Indented.ComparisonManifest) + "\n";

    /// <summary>The <c>eval --format json</c> document (indented, ending in a newline).</summary>
    public static string Serialize(EvalResults results) => JsonSerializer.Serialize(results, Indented.EvalResults) + "\n";

    /// <summary>Reads run.json from a file; the error names the file, the line and the field.</summary>
    public static async Task<(RunManifest? Manifest, string? Error)> ReadRunManifestAsync(string path, CancellationToken cancellationToken)
    {
        var (manifest, error) = await ReadAsync(path, Indented.RunManifest, cancellationToken).ConfigureAwait(false);
        return manifest is null ? (null, error)
            : manifest.Schema != RunManifest.CurrentSchema ? (null, $"{path}: schema: expected {RunManifest.CurrentSchema}, found {manifest.Schema} (written by another mario version; start a new run)")
            : (manifest, null);
    }

    /// <summary>Reads comparison.json from a file; the error names the file, the line and the field.</summary>
    public static async Task<(ComparisonManifest? Manifest, string? Error)> ReadComparisonAsync(string path, CancellationToken cancellationToken)
    {
        var (manifest, error) = await ReadAsync(path, Indented.ComparisonManifest, cancellationToken).ConfigureAwait(false);
        if (manifest is null)
        {
            return (null, error);
        }

        if (manifest.Schema != RunManifest.CurrentSchema)
        {
            return (null, $"{path}: schema: expected {RunManifest.CurrentSchema}, found {manifest.Schema} (written by another mario version; start a new run)");
        }

        if (manifest.Runs.Count == 0)
        {
            return (null, $"{path}: runs: expected at least one run");
        }

        for (var i = 0; i < manifest.Runs.Count; i++)
        {
            if (manifest.Runs[i] is null)
            {
                return (null, $"{path}: runs[{i}]: expected an object with label, folder and options");
            }

            var folder = manifest.Runs[i].Folder;
            if (folder.Length == 0 || folder.Contains('/', StringComparison.Ordinal) || folder.Contains('\\', StringComparison.Ordinal) || folder is "." or "..")
            {
                return (null, $"{path}: runs[{i}].folder: expected a plain sub-folder name, found '{folder}'");
            }
        }

        return (manifest, null);
    }

    private static async Task<(T? Value, string? Error)> ReadAsync<T>(string path, JsonTypeInfo<T> type, CancellationToken cancellationToken)
        where T : class
    {
        if (!File.Exists(path))
        {
            return (null, $"{path}: no such file");
        }

        try
        {
            var value = JsonSerializer.Deserialize(await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), type);
            return value is null ? (null, $"{path}: expected a JSON object") : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, $"{path}:{(ex.LineNumber ?? 0) + 1}: {ex.Path ?? "$"}: {FirstSentence(ex.Message)}");
        }
    }

    /// <summary>The kebab-case JSON name of a closed-set member (<c>NotEquivalent</c> as <c>not-equivalent</c>).</summary>
    public static string Name<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.KebabCaseLower.ConvertName(value.ToString());

    private static JsonSerializerOptions Create(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DictionaryKeyPolicy = null,
            DefaultIgnoreCondition = JsonIgnoreCondition.Never,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            WriteIndented = indented,
            RespectNullableAnnotations = true,
            RespectRequiredConstructorParameters = true,
        };
        options.Converters.Add(new KebabEnumConverter<Outcome>());
        options.Converters.Add(new KebabEnumConverter<EquivalenceMethod>());
        options.Converters.Add(new KebabEnumConverter<NoAnswerReason>());
        options.Converters.Add(new KebabEnumConverter<Mario.Models.Clients.ServerFlavor>());
        options.Converters.Add(new KebabEnumConverter<Mario.Models.Clients.OpenAiRoute>());
        return options;
    }

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(". Path:", StringComparison.Ordinal);
        return cut < 0 ? message : message[..cut];
    }

    /// <summary>The serializer options of the run files (compact), for schema export.</summary>
    public static JsonSerializerOptions SerializerOptions => Compact.Options;

    /// <summary>UTF-8 without a byte-order mark, as every run file is written.</summary>
    public static Encoding Utf8 { get; } = new UTF8Encoding(false);
}
