using System.Text;

namespace Mario.Search.Prompts;

/// <summary>
/// Fills <c>{name}</c> placeholders in one pass, so text inserted for one placeholder (a question that happens to
/// contain <c>{solution}</c>) is never read as another. Braces that do not form a known placeholder stay as they are
/// (<c>\boxed{}</c> needs no escaping).
/// </summary>
public static class PromptText
{
    /// <summary>Returns <paramref name="template"/> with each known <c>{name}</c> replaced by its value.</summary>
    public static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(values);
        var text = new StringBuilder(template.Length + 256);
        var i = 0;
        while (i < template.Length)
        {
            var open = template.IndexOf('{', i);
            if (open < 0)
            {
                break;
            }

            var close = template.IndexOf('}', open + 1);
            if (close > open && values.TryGetValue(template[(open + 1)..close], out var value))
            {
                text.Append(template, i, open - i).Append(value);
                i = close + 1;
            }
            else
            {
                text.Append(template, i, open + 1 - i);
                i = open + 1;
            }
        }

        return text.Append(template, i, template.Length - i).ToString();
    }

    /// <summary>How often <c>{name}</c> occurs in <paramref name="template"/>.</summary>
    public static int Count(string template, string name)
    {
        ArgumentNullException.ThrowIfNull(template);
        var token = "{" + name + "}";
        var count = 0;
        for (var at = template.IndexOf(token, StringComparison.Ordinal); at >= 0; at = template.IndexOf(token, at + token.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
