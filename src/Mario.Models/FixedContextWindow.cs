using System.Text;

namespace Mario.Models;

/// <summary>
/// A context window known only by its length, as a server reports it when probed (<c>max_model_len</c>,
/// <c>n_ctx</c>): tokens are counted by the given counter (e.g. the server's tokenize route) or, without one,
/// estimated as a quarter of the UTF-8 bytes, which under-counts math text (digits and LaTeX take more tokens), so a
/// prompt is said not to fit only when it clearly does not.
/// </summary>
public sealed class FixedContextWindow : IContextWindow
{
    private readonly Func<string, int>? _countTokens;

    /// <summary>Creates the window.</summary>
    /// <param name="contextLength">The most tokens one sequence may hold, at least 1.</param>
    /// <param name="countTokens">Counts a prompt's tokens as the model does, or null to estimate.</param>
    public FixedContextWindow(int contextLength, Func<string, int>? countTokens = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(contextLength, 1);
        ContextLength = contextLength;
        _countTokens = countTokens;
    }

    /// <inheritdoc />
    public int ContextLength { get; }

    /// <summary>True when token counts are estimates rather than the model's own count.</summary>
    public bool Estimated => _countTokens is null;

    /// <inheritdoc />
    public int CountTokens(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        return _countTokens?.Invoke(prompt) ?? (Encoding.UTF8.GetByteCount(prompt) + 3) / 4;
    }
}
