using System.Globalization;
using System.Text;

namespace Mario.Tool.Suites;

/// <summary>
/// Writes JSON exactly as the suites' normalizer did (Python's <c>json.dumps(obj, ensure_ascii=False)</c>:
/// <c>", "</c> and <c>": "</c> separators, non-ASCII kept raw, U+2028/U+2029 escaped), so a re-normalized file
/// is byte-identical and its sha256 can be checked against the manifest.
/// </summary>
public static class PythonStyleJson
{
    /// <summary>Appends one object whose values are raw JSON (already formatted) or strings to escape.</summary>
    /// <param name="builder">Output.</param>
    /// <param name="members">Name and value pairs in order; a value is either a <see cref="string"/> (escaped) or a <see cref="RawJson"/>.</param>
    public static void AppendObject(StringBuilder builder, IEnumerable<(string Name, object Value)> members)
    {
        builder.Append('{');
        var first = true;
        foreach (var (name, value) in members)
        {
            if (!first)
            {
                builder.Append(", ");
            }

            first = false;
            AppendString(builder, name);
            builder.Append(": ");
            switch (value)
            {
                case string s:
                    AppendString(builder, s);
                    break;
                case RawJson raw:
                    builder.Append(raw.Text);
                    break;
                default:
                    throw new ArgumentException($"unsupported value type {value.GetType().Name} for '{name}'", nameof(members));
            }
        }

        builder.Append('}');
    }

    /// <summary>Appends a quoted, escaped string.</summary>
    public static void AppendString(StringBuilder builder, string value)
    {
        builder.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\b': builder.Append("\\b"); break;
                case '\f': builder.Append("\\f"); break;
                case < ' ' or '\u2028' or '\u2029':
                    builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: builder.Append(c); break;
            }
        }

        builder.Append('"');
    }
}
