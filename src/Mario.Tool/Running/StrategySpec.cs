using System.Globalization;
using System.Text.RegularExpressions;
using Mario.Search.Strategies;

namespace Mario.Tool.Running;

/// <summary>
/// One entry of <c>--strategy</c>: a strategy with the options its short form carries, e.g. <c>greedy</c>,
/// <c>maj@5</c> (k = 5), <c>bon@8</c> (N = 8), <c>beam(3,5)</c> (B1 = 3 beams, B2 = 5 samples per beam), <c>mcts</c>,
/// each optionally followed by its own options in brackets: <c>mcts[samples=3,dedupe=true]</c>.
/// A comma-separated list (commas inside parentheses or brackets do not split) asks for a comparison.
/// </summary>
/// <param name="Kind">The strategy.</param>
/// <param name="Options">The options the short form sets (<c>samples</c>, <c>beam-width</c>), by name.</param>
public sealed partial record StrategySpec(StrategyKind Kind, IReadOnlyDictionary<string, string> Options)
{
    /// <summary>The comparison the embedded model runs by default: Super_MARIO's table in miniature.</summary>
    public const string DefaultComparison = "greedy,maj@5,beam(1,5),beam(3,5),mcts[samples=3,dedupe=true]";

    private const string Expected = "expected greedy, maj@K, bon@N, beam(B1,B2), mcts or rstar-mcts (majority and best-of-n are aliases), optionally with [name=value,...], e.g. --strategy \"greedy,maj@5,beam(3,5),mcts[samples=3]\"";

    /// <summary>Parses a comma-separated list of specs; a spec named twice with the same label is an error.</summary>
    /// <returns>The specs in order, or a one-line error naming the entry and what was expected.</returns>
    public static (IReadOnlyList<StrategySpec>? Specs, string? Error) ParseList(string text)
    {
        var specs = new List<StrategySpec>();
        foreach (var entry in SplitTopLevel(text))
        {
            var (spec, error) = Parse(entry);
            if (spec is null)
            {
                return (null, error);
            }

            specs.Add(spec);
        }

        return specs.Count == 0 ? (null, $"--strategy '{text}': {Expected}") : (specs, null);
    }

    /// <summary>Parses one spec.</summary>
    public static (StrategySpec? Spec, string? Error) Parse(string text)
    {
        var trimmed = text.Trim();
        var bracket = trimmed.IndexOf('[', StringComparison.Ordinal);
        if (bracket < 0)
        {
            return ParseShortForm(trimmed);
        }

        if (!trimmed.EndsWith(']'))
        {
            return (null, $"--strategy '{trimmed}': options in brackets must close the entry, e.g. mcts[samples=3,dedupe=true]");
        }

        var (spec, error) = ParseShortForm(trimmed[..bracket].Trim());
        if (spec is null)
        {
            return (null, error);
        }

        var options = new Dictionary<string, string>(spec.Options, StringComparer.Ordinal);
        foreach (var pair in trimmed[(bracket + 1)..^1].Split(',', StringSplitOptions.TrimEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0 || equals == pair.Length - 1)
            {
                return (null, $"--strategy '{trimmed}': '{pair}' is not name=value, e.g. mcts[samples=3,dedupe=true]");
            }

            var (name, value) = (pair[..equals].Trim(), pair[(equals + 1)..].Trim());
            if (options.TryGetValue(name, out var own) && own != value)
            {
                return (null, $"--strategy '{trimmed}': {name}={value} contradicts {name}={own}");
            }

            options[name] = value;
        }

        return (spec with { Options = options }, null);
    }

    private static (StrategySpec? Spec, string? Error) ParseShortForm(string trimmed)
    {
        var beam = BeamPattern().Match(trimmed);
        if (beam.Success)
        {
            return (new StrategySpec(StrategyKind.Beam, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["beam-width"] = beam.Groups[1].Value,
                ["samples"] = beam.Groups[2].Value,
            }), null);
        }

        var at = trimmed.IndexOf('@', StringComparison.Ordinal);
        var name = at < 0 ? trimmed : trimmed[..at];
        if (StrategyNames.Parse(name) is not { } kind)
        {
            return (null, $"--strategy '{trimmed}': {Expected}");
        }

        if (at < 0)
        {
            return (new StrategySpec(kind, new Dictionary<string, string>(StringComparer.Ordinal)), null);
        }

        var count = trimmed[(at + 1)..];
        if (kind is not (StrategyKind.Majority or StrategyKind.BestOfN) || !int.TryParse(count, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            return (null, $"--strategy '{trimmed}': @K sets the sample count of maj and bon only, as a whole number, e.g. maj@5");
        }

        return (new StrategySpec(kind, new Dictionary<string, string>(StringComparer.Ordinal) { ["samples"] = count }), null);
    }

    /// <summary>
    /// The table label of a strategy with its final options: <c>maj@5</c>, <c>bon@8</c>, <c>beam(3,5)</c> or the
    /// strategy name, then any other option that differs from its default in brackets
    /// (<c>mcts[dedupe=true,samples=3]</c>); defaults come from Mario.Search's option table, so the label says what ran.
    /// </summary>
    public static string Label(StrategyKind kind, IReadOnlyDictionary<string, string> options)
    {
        var name = StrategyNames.Name(kind);
        var described = StrategyFactory.Describe(kind);
        string Value(string option) => options.TryGetValue(option, out var given)
            ? given
            : described.First(o => o.Name == option).Default;
        var (head, shown) = kind switch
        {
            StrategyKind.Majority or StrategyKind.BestOfN => ($"{name}@{Value("samples")}", new[] { "samples" }),
            StrategyKind.Beam => ($"beam({Value("beam-width")},{Value("samples")})", new[] { "beam-width", "samples" }),
            _ => (name, Array.Empty<string>()),
        };
        var extra = options
            .Where(p => !shown.Contains(p.Key) && described.FirstOrDefault(o => o.Name == p.Key)?.Default != p.Value)
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => $"{p.Key}={p.Value}")
            .ToList();
        return extra.Count == 0 ? head : $"{head}[{string.Join(',', extra)}]";
    }

    /// <summary>A folder-safe form of a label: <c>beam(3,5)</c> becomes <c>beam-3-5</c>, <c>mcts[samples=3]</c> becomes <c>mcts-samples-3</c>.</summary>
    public static string FolderName(string label) =>
        new(string.Join('-', label.Split(['(', ')', '[', ']', ',', '@', '='], StringSplitOptions.RemoveEmptyEntries))
            .Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_').ToArray());

    private static IEnumerable<string> SplitTopLevel(string text)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            depth += text[i] switch { '(' or '[' => 1, ')' or ']' => -1, _ => 0 };
            if (text[i] == ',' && depth == 0)
            {
                yield return text[start..i];
                start = i + 1;
            }
        }

        yield return text[start..];
    }

    [GeneratedRegex(@"^beam\s*\(\s*(\d{1,2})\s*,\s*(\d{1,2})\s*\)$", RegexOptions.CultureInvariant)]
    private static partial Regex BeamPattern();
}
