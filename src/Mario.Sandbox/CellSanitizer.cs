using System.Text;

namespace Mario.Sandbox;

/// <summary>Clean-ups applied to model-written code before it runs.</summary>
public static class CellSanitizer
{
    /// <summary>
    /// Super_MARIO's <c>sanitize_input</c>: strips leading whitespace and backticks and an optional
    /// case-insensitive <c>python</c> tag, then trailing whitespace and backticks, so a fenced block runs as code.
    /// </summary>
    public static string StripFences(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var text = code.TrimStart().TrimStart('`');
        if (text.StartsWith("python", StringComparison.OrdinalIgnoreCase))
        {
            text = text[6..];
        }

        return text.TrimEnd().TrimEnd('`').TrimEnd();
    }

    /// <summary>
    /// Replaces unpaired UTF-16 surrogates (which model output decoded from JSON can contain) with U+FFFD so the
    /// cell can be sent to the interpreter as UTF-8; returns the same instance when there are none.
    /// </summary>
    public static string ScrubSurrogates(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        for (var i = 0; i < code.Length; i++)
        {
            if (char.IsSurrogate(code[i]) && !(char.IsHighSurrogate(code[i]) && i + 1 < code.Length && char.IsLowSurrogate(code[i + 1])))
            {
                return Scrub(code);
            }

            if (char.IsHighSurrogate(code[i]))
            {
                i++; // a valid pair
            }
        }

        return code;
    }

    private static string Scrub(string code)
    {
        var builder = new StringBuilder(code.Length);
        foreach (var rune in EnumerateLenient(code))
        {
            builder.Append(rune);
        }

        return builder.ToString();
    }

    private static IEnumerable<string> EnumerateLenient(string code)
    {
        for (var i = 0; i < code.Length; i++)
        {
            if (char.IsHighSurrogate(code[i]) && i + 1 < code.Length && char.IsLowSurrogate(code[i + 1]))
            {
                yield return code.Substring(i, 2);
                i++;
            }
            else if (char.IsSurrogate(code[i]))
            {
                yield return "\uFFFD";
            }
            else
            {
                yield return code[i].ToString();
            }
        }
    }
}
