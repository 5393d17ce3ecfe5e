using Mario.Sandbox;
using Mario.Sandbox.Observations;

namespace Mario.Search.Steps;

/// <summary>Turns an execution result into the observation text the model reads, shared by every format.</summary>
internal static class ObservationText
{
    /// <summary>
    /// The stripped stdout, or <c>Type: message</c> when the cell raised (the reference replaces the whole observation
    /// by the exception text), or a timeout line; then head…tail truncated to <paramref name="maxChars"/>.
    /// </summary>
    public static string Format(ExecutionResult result, int maxChars)
    {
        ArgumentNullException.ThrowIfNull(result);
        // Both references round a lone float output to 4 places (the sandbox's formatter implements Python's round).
        var text = result.TimedOut
            ? "TimeoutError: the code ran past its time limit"
            : result.Error is { } error ? error.ToString() : ObservationFormatter.RoundIfLoneFloat(result.Stdout).Trim();
        return Truncate(text, maxChars).Trim();
    }

    /// <summary>Keeps the first and last half of an over-long text around <c>...</c> (Super_MARIO's truncate_string).</summary>
    public static string Truncate(string text, int maxChars) => ObservationFormatter.Truncate(text, maxChars);
}
