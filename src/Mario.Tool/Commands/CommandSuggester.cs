using System.CommandLine;

namespace Mario.Tool.Commands;

/// <summary>Names an unknown command word and suggests the nearest known one (<c>evl</c> → <c>eval</c>).</summary>
public static class CommandSuggester
{
    /// <summary>
    /// When <paramref name="parseResult"/> failed because a command that needs a sub-command got an unknown word,
    /// the one-line error for it, e.g. <c>unknown command 'evl'; did you mean 'eval'?</c>; otherwise null.
    /// </summary>
    public static string? UnknownCommand(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        var command = parseResult.CommandResult.Command;
        var names = command.Subcommands.Where(c => !c.Hidden).SelectMany(c => c.Aliases.Prepend(c.Name)).ToList();
        if (names.Count == 0 || command.Arguments.Count > 0 || parseResult.UnmatchedTokens.FirstOrDefault() is not { } word || word.StartsWith('-'))
        {
            return null;
        }

        var prefix = command is RootCommand ? "" : CommandPath(parseResult) + " ";
        var nearest = Nearest(word, names);
        return nearest is null
            ? $"unknown command '{prefix}{word}' (commands: {string.Join(", ", command.Subcommands.Where(c => !c.Hidden).Select(c => c.Name).Order(StringComparer.Ordinal))})"
            : $"unknown command '{prefix}{word}'; did you mean '{prefix}{nearest}'?";
    }

    /// <summary>The candidate closest to <paramref name="word"/> by edit distance (a prefix counts as close), or null when none is within a third of its length (at least 2).</summary>
    public static string? Nearest(string word, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(word);
        ArgumentNullException.ThrowIfNull(candidates);
        var lower = word.ToLowerInvariant();
        var best = candidates
            .Select(c => (Name: c, Distance: c.StartsWith(lower, StringComparison.Ordinal) && lower.Length >= 2 ? 1 : Distance(lower, c)))
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        return best.Name is not null && best.Distance <= Math.Max(2, word.Length / 3) ? best.Name : null;
    }

    /// <summary>Optimal-string-alignment distance: insertions, deletions, substitutions and adjacent swaps cost 1.</summary>
    private static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }

    private static string CommandPath(ParseResult parseResult)
    {
        var names = new Stack<string>();
        for (var result = parseResult.CommandResult; result.Command is not RootCommand; result = (System.CommandLine.Parsing.CommandResult)result.Parent!)
        {
            names.Push(result.Command.Name);
        }

        return string.Join(' ', names);
    }
}
