using Mario.Models;

namespace Mario.Testing;

/// <summary>
/// A value-model double: a text scores the value of the longest rule key it ends with, else the default. Every scored
/// text is recorded.
/// </summary>
public sealed class FixedValueModel(double defaultValue = 0) : IValueModel
{
    private readonly List<(string Suffix, double Value)> _rules = [];
    private readonly List<string> _scored = [];

    /// <inheritdoc />
    public string Id => "fixed";

    /// <summary>Every text scored, in order.</summary>
    public IReadOnlyList<string> Scored => _scored;

    /// <summary>Adds a rule: texts ending with <paramref name="suffix"/> score <paramref name="value"/>.</summary>
    public FixedValueModel On(string suffix, double value)
    {
        _rules.Add((suffix, value));
        return this;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<double>> ScoreAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _scored.AddRange(texts);
        IReadOnlyList<double> values = texts
            .Select(t => _rules.Where(r => t.EndsWith(r.Suffix, StringComparison.Ordinal)).OrderByDescending(r => r.Suffix.Length)
                .Select(r => (double?)r.Value).FirstOrDefault() ?? defaultValue)
            .ToList();
        return ValueTask.FromResult(values);
    }
}
