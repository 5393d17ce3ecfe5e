using System.Globalization;
using System.Text;

namespace Mario.Sandbox.Observations;

/// <summary>
/// Turns an <see cref="ExecutionResult"/> into the observation text a reference system would have put into the
/// trajectory (see <see cref="ObservationStyle"/>). Pure and thread-safe. The one observation formatter: the step
/// formats of Mario.Search and <c>mario sandbox run</c> both use it, so a timeout or an error reads the same everywhere.
/// </summary>
public sealed class ObservationFormatter
{
    private readonly string timeoutText;

    /// <summary>Creates a formatter.</summary>
    /// <param name="style">Whose observations to reproduce.</param>
    /// <param name="timeout">The sandbox's wall-clock limit, quoted in timeout messages; null quotes
    /// <see cref="SandboxOptions.Timeout"/>'s default (15 s), the limit <c>mario eval</c> runs its sandbox with.</param>
    /// <param name="errorRule">How <see cref="Observation.IsError"/> is decided.</param>
    /// <param name="roundLoneFloat">Round an output that is a lone float to 4 places when that is shorter (both references do).</param>
    /// <param name="maxLength">The cap in code points, at least 16; null takes the style's reference cap (500 or 1024).</param>
    public ObservationFormatter(ObservationStyle style, TimeSpan? timeout = null,
        ObservationErrorRule errorRule = ObservationErrorRule.Structured, bool roundLoneFloat = true, int? maxLength = null)
    {
        if (maxLength is { } cap)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(cap, 16, nameof(maxLength));
        }

        Style = style;
        ErrorRule = errorRule;
        RoundLoneFloat = roundLoneFloat;
        var referenceCap = style switch
        {
            ObservationStyle.SuperMario => 500,
            ObservationStyle.RStar => 1024,
            _ => throw new ArgumentOutOfRangeException(nameof(style), style, null),
        };
        MaxLength = maxLength ?? referenceCap;
        var seconds = (timeout ?? new SandboxOptions().Timeout).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        timeoutText = $"TimeoutError: Execution of the code snippet has timed out for exceeding {seconds} seconds.";
    }

    /// <summary>Whose observations this formatter reproduces.</summary>
    public ObservationStyle Style { get; }

    /// <summary>How errors are recognised.</summary>
    public ObservationErrorRule ErrorRule { get; }

    /// <summary>Whether a lone float output is rounded to 4 places.</summary>
    public bool RoundLoneFloat { get; }

    /// <summary>Outputs longer than this many characters (code points) are cut to head + <c>...</c> + tail.</summary>
    public int MaxLength { get; }

    /// <summary>Formats one execution result.</summary>
    public Observation Format(ExecutionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        string raw;
        if (result.TimedOut)
        {
            raw = timeoutText;
        }
        else if (result.Error is { } error)
        {
            raw = $"{error.Type}: {error.Message}";
        }
        else
        {
            raw = RoundLoneFloat ? RoundIfLoneFloat(result.Stdout) : result.Stdout;
        }

        var text = Truncate(raw, MaxLength).Trim();
        var isError = ErrorRule switch
        {
            ObservationErrorRule.Structured => result.TimedOut || result.Error is not null,
            ObservationErrorRule.ReferenceSubstring => Style == ObservationStyle.SuperMario
                ? text.Contains("Error", StringComparison.Ordinal)
                : text.Contains("error", StringComparison.OrdinalIgnoreCase),
            _ => throw new InvalidOperationException($"unknown error rule {ErrorRule}"),
        };
        return new Observation(text, isError);
    }

    /// <summary>
    /// Python's <c>s[:n//2] + "..." + s[-n//2:]</c> when <paramref name="text"/> has more than
    /// <paramref name="maxLength"/> code points; otherwise the text unchanged.
    /// </summary>
    public static string Truncate(string text, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfNegative(maxLength);
        var runes = text.EnumerateRunes().ToList();
        if (runes.Count <= maxLength)
        {
            return text;
        }

        var head = maxLength / 2;
        var tail = (maxLength + 1) / 2; // Python: -n//2 rounds towards minus infinity
        var builder = new StringBuilder();
        foreach (var rune in runes.Take(head))
        {
            builder.Append(rune.ToString());
        }

        builder.Append("...");
        foreach (var rune in runes.Skip(runes.Count - tail))
        {
            builder.Append(rune.ToString());
        }

        return builder.ToString();
    }

    /// <summary>
    /// Super_MARIO's <c>is_evalf</c> rule: when the whole output parses as a Python float, replace it with
    /// <c>str(round(v, 4)) + "\n"</c> if that is shorter (<c>0.3333333\n</c> becomes <c>0.3333\n</c>).
    /// </summary>
    public static string RoundIfLoneFloat(string output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!PythonFloat.TryParse(output, out var value))
        {
            return output;
        }

        var refined = PythonFloat.Repr(PythonFloat.Round(value, 4)) + "\n";
        return refined.Length < output.Length ? refined : output;
    }
}
