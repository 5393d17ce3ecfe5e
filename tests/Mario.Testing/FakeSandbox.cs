using Mario.Sandbox;

namespace Mario.Testing;

/// <summary>
/// A sandbox double keyed by the last cell's code (trimmed, exact match): prints a canned output, raises a canned
/// error or times out. Unknown code prints nothing. Every run's cells are recorded.
/// </summary>
public sealed class FakeSandbox : ICodeSandbox
{
    private readonly Dictionary<string, ExecutionResult> _results = new(StringComparer.Ordinal);
    private readonly List<IReadOnlyList<string>> _runs = [];

    /// <summary>Every run's cells, in order.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Runs => _runs;

    /// <summary>The last cell <paramref name="code"/> prints <paramref name="stdout"/>.</summary>
    public FakeSandbox Prints(string code, string stdout) => Set(code, new ExecutionResult(stdout, "", null, false, TimeSpan.FromMilliseconds(1)));

    /// <summary>The last cell <paramref name="code"/> raises <paramref name="type"/> with <paramref name="message"/>.</summary>
    public FakeSandbox Raises(string code, string type, string message) =>
        Set(code, new ExecutionResult("", $"{type}: {message}", new ExecutionError(type, message), false, TimeSpan.FromMilliseconds(1)));

    /// <summary>The last cell <paramref name="code"/> runs past its deadline.</summary>
    public FakeSandbox TimesOut(string code) => Set(code, new ExecutionResult("", "", null, true, TimeSpan.FromSeconds(10)));

    /// <inheritdoc />
    public ValueTask<ExecutionResult> RunAsync(IReadOnlyList<string> cells, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _runs.Add(cells.ToList());
        var key = cells.Count == 0 ? "" : cells[^1].Trim();
        return ValueTask.FromResult(_results.TryGetValue(key, out var result)
            ? result
            : new ExecutionResult("", "", null, false, TimeSpan.FromMilliseconds(1)));
    }

    private FakeSandbox Set(string code, ExecutionResult result)
    {
        _results[code.Trim()] = result;
        return this;
    }
}
