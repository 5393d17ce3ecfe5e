namespace Mario.Models.Clients;

/// <summary>
/// A model server call that failed (after its retries, when retryable): an HTTP error status, a malformed or
/// truncated body, a timeout. The problem it belongs to is recorded with this message and the run goes on. The
/// message names the URL and what was wrong, never the API key.
/// </summary>
public sealed class ModelServerException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">One line naming the URL and the failure.</param>
    /// <param name="transient">True when retrying may help (429, 5xx, timeouts, malformed or truncated bodies, resets).</param>
    /// <param name="retryAfter">The server's Retry-After, when it sent one.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public ModelServerException(string message, bool transient, TimeSpan? retryAfter = null, Exception? innerException = null)
        : base(message, innerException)
    {
        Transient = transient;
        RetryAfter = retryAfter;
    }

    /// <summary>True when retrying may help.</summary>
    public bool Transient { get; }

    /// <summary>How long the server asked the client to wait (HTTP Retry-After), or null.</summary>
    public TimeSpan? RetryAfter { get; }
}
