using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Mario.Eval;
using Mario.Search;

namespace Mario.Tool.Runs;

/// <summary>
/// The one way run files are written and read: camelCase fields, closed sets in kebab case, nulls written, and
/// non-ASCII text kept readable. Every producer and reader of samples.jsonl and summary.json goes through here.
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

    /// <summary>A gate baseline file's text (indented, ending in a newline).</summary>
    public static string Serialize(GateBaseline baseline) => JsonSerializer.Serialize(baseline, Indented.GateBaseline) + "\n";

    /// <summary>Parses a gate baseline; the error names the field and what was expected (inconsistent counts included).</summary>
    public static (GateBaseline? Baseline, string? Error) ParseBaseline(string text)
    {
        try
        {
            var baseline = JsonSerializer.Deserialize(text, Indented.GateBaseline);
            if (baseline is not { Schema: GateBaseline.CurrentSchema })
            {
                return (null, $"schema: expected {GateBaseline.CurrentSchema}");
            }

            return baseline.Inconsistency() is { } inconsistency ? (null, inconsistency) : (baseline, null);
        }
        catch (JsonException ex)
        {
            return (null, $"{ex.Path ?? "$"}: {FirstSentence(ex.Message)}");
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
