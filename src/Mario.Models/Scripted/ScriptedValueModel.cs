namespace Mario.Models.Scripted;

/// <summary>
/// The scripted value model (<c>--value-model scripted:FILE</c>). A scored text takes the value of the winning entry
/// among those that match it: each match ranks by the characters its key spans (the <c>endsWith</c> text, or the sum
/// over a <c>path</c>; 0 for <c>contains</c>), the highest rank wins and the earliest entry breaks a tie; with no match
/// the file's default answers, else the call fails naming the text. Every scored text is recorded.
/// </summary>
public sealed class ScriptedValueModel : IValueModel
{
    private readonly ScriptedValueFile _file;
    private readonly List<string> _scored = [];
    private readonly Lock _gate = new();

    /// <summary>Creates the model from a validated file.</summary>
    public ScriptedValueModel(ScriptedValueFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        _file = file;
    }

    /// <inheritdoc />
    public string Id => "scripted:" + _file.Id;

    /// <summary>Every text scored, in order.</summary>
    public IReadOnlyList<string> Scored
    {
        get
        {
            lock (_gate)
            {
                return [.. _scored];
            }
        }
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<double>> ScoreAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(texts);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _scored.AddRange(texts);
        }

        IReadOnlyList<double> values = texts.Select(ValueOf).ToList();
        return ValueTask.FromResult(values);
    }

    /// <summary>The value of <paramref name="text"/> (as the class summary says).</summary>
    public double ValueOf(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        double? best = null;
        var bestRank = -1;
        foreach (var entry in _file.Values)
        {
            var rank = Rank(entry, text);
            if (rank > bestRank)
            {
                (best, bestRank) = (entry.Value, rank);
            }
        }

        return best ?? _file.Default
            ?? throw new InvalidOperationException($"scripted value model '{_file.Id}': no entry matches the text ending \"{ScriptedJson.Tail(text)}\" and there is no default");
    }

    /// <summary>The rank of a matching entry, or -1 when it does not match.</summary>
    private static int Rank(ScriptedValue entry, string text)
    {
        if (entry.EndsWith is { } suffix)
        {
            return text.EndsWith(suffix, StringComparison.Ordinal) ? suffix.Length : -1;
        }

        if (entry.Contains is { } needle)
        {
            return text.Contains(needle, StringComparison.Ordinal) ? 0 : -1;
        }

        var path = entry.Path!;
        if (!text.EndsWith(path[^1], StringComparison.Ordinal))
        {
            return -1;
        }

        // The earlier texts must occur in order before the last one.
        var limit = text.Length - path[^1].Length;
        var at = 0;
        for (var i = 0; i < path.Count - 1; i++)
        {
            var found = text.IndexOf(path[i], at, StringComparison.Ordinal);
            if (found < 0 || found + path[i].Length > limit)
            {
                return -1;
            }

            at = found + path[i].Length;
        }

        return path.Sum(p => p.Length);
    }
}
