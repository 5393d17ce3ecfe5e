namespace Mario.Models;

/// <summary>
/// Thrown by a model backend that cannot be reached after its retries (connection refused, DNS failure, repeated
/// 5xx). Unlike a failure of one problem, it stops an eval run: finished problems stay recorded, the CLI exits
/// with code 3 and tells how to resume.
/// </summary>
public sealed class BackendUnreachableException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="backend">The backend's id or URL, named in the message.</param>
    /// <param name="reason">What failed, one line.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public BackendUnreachableException(string backend, string reason, Exception? innerException = null)
        : base($"model backend {backend} is unreachable: {reason}", innerException)
    {
        Backend = backend;
    }

    /// <summary>The backend's id or URL.</summary>
    public string Backend { get; }
}
