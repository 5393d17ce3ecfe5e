using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mario.Tool.Reporting;

/// <summary>
/// Appends sample lines to <c>samples.jsonl</c>, one complete line per call, flushed to the operating system
/// before returning, so a killed process loses at most the problems still in flight. Safe for concurrent callers.
/// </summary>
public sealed class SampleWriter : IAsyncDisposable
{
    private readonly FileStream _stream;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Opens (creating or appending to) the samples file.</summary>
    public SampleWriter(string path) =>
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.Asynchronous);

    /// <summary>Serializes one record as a single JSON line (no raw newlines inside; strings are escaped).</summary>
    public static byte[] Serialize(SampleRecord record)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            json.WriteStartObject();
            json.WriteString("id", Clean(record.Id));
            json.WriteString("gold", Clean(record.Gold));
            json.WriteString("completion", Clean(record.Completion));
            WriteNullable(json, "answer", record.Answer);
            json.WriteBoolean("correct", record.Correct);
            if (record.Verdict is { } verdict)
            {
                json.WriteStartObject("verdict");
                json.WriteString("outcome", Kebab(verdict.Outcome.ToString()));
                json.WriteString("method", Kebab(verdict.Method.ToString()));
                json.WriteString("reason", Clean(verdict.Reason));
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("verdict");
            }

            json.WriteStartArray("candidates");
            foreach (var candidate in record.Candidates)
            {
                json.WriteStartObject();
                json.WriteString("answer", Clean(candidate.Answer));
                json.WriteNumber("votes", candidate.Votes);
                if (candidate.Score is { } score && double.IsFinite(score))
                {
                    json.WriteNumber("score", score);
                }
                else
                {
                    json.WriteNull("score");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartObject("usage");
            json.WriteNumber("promptTokens", record.Usage.PromptTokens);
            json.WriteNumber("generatedTokens", record.Usage.GeneratedTokens);
            json.WriteNumber("modelCalls", record.Usage.ModelCalls);
            json.WriteNumber("sandboxRuns", record.Usage.SandboxRuns);
            json.WriteNumber("steps", record.Usage.Steps);
            json.WriteNumber("solutions", record.Usage.Solutions);
            json.WriteNumber("valueCalls", record.Usage.ValueCalls);
            json.WriteNumber("elapsedMs", Math.Round(record.Usage.Elapsed.TotalMilliseconds, 1));
            json.WriteEndObject();
            WriteNullable(json, "error", record.Error);
            WriteNullable(json, "noAnswerReason", record.NoAnswer is { } reason ? Kebab(reason.ToString()) : null);
            if (record.TreeJson is { } tree)
            {
                json.WritePropertyName("tree");
                using var document = JsonDocument.Parse(tree);
                document.RootElement.WriteTo(json);
            }

            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    /// <summary>Appends one line and flushes it.</summary>
    public async Task AppendAsync(SampleRecord record, CancellationToken cancellationToken)
    {
        var line = Serialize(record);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One write call per line so a line is never interleaved with another.
            await _stream.WriteAsync(line, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, Clean(value));
        }
    }

    /// <summary>
    /// Model output is hostile input: a lone UTF-16 surrogate (possible after a JSON <c>\ud800</c> escape or a
    /// cut in the middle of a pair) cannot be written as UTF-8, so it becomes U+FFFD instead of failing the line.
    /// </summary>
    public static string Clean(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogate(text[i]) && !(char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])))
            {
                return Replace(text);
            }

            if (char.IsHighSurrogate(text[i]))
            {
                i++;
            }
        }

        return text;
    }

    private static string Replace(string text)
    {
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(text[i]).Append(text[i + 1]);
                i++;
            }
            else
            {
                builder.Append(char.IsSurrogate(text[i]) ? '\uFFFD' : text[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>PascalCase enum name to kebab case (<c>NotEquivalent</c> to <c>not-equivalent</c>).</summary>
    public static string Kebab(string name)
    {
        var builder = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                builder.Append('-');
            }

            builder.Append(char.ToLower(name[i], CultureInfo.InvariantCulture));
        }

        return builder.ToString();
    }
}
