namespace Mario.Testing.Http;

/// <summary>What a <see cref="FaultProxy"/> does to one request.</summary>
/// <param name="Kind">The fault.</param>
/// <param name="Status">HTTP status for <see cref="ProxyFaultKind.Status"/>.</param>
/// <param name="Duration">Delay before forwarding, or how long an outage lasts.</param>
public sealed record ProxyFault(ProxyFaultKind Kind, int Status = 0, TimeSpan Duration = default)
{
    /// <summary>Forward untouched.</summary>
    public static ProxyFault Pass { get; } = new(ProxyFaultKind.Pass);

    /// <summary>Reset the connection before answering.</summary>
    public static ProxyFault Reset { get; } = new(ProxyFaultKind.Reset);

    /// <summary>Forward, then send only half the response body and close.</summary>
    public static ProxyFault Truncate { get; } = new(ProxyFaultKind.Truncate);

    /// <summary>Forward, then replace the body with cut-off JSON (with a matching Content-Length).</summary>
    public static ProxyFault Malformed { get; } = new(ProxyFaultKind.Malformed);

    /// <summary>Answer with this status (429 carries Retry-After: 0) instead of forwarding.</summary>
    public static ProxyFault WithStatus(int status) => new(ProxyFaultKind.Status, status);

    /// <summary>Wait, then forward.</summary>
    public static ProxyFault Delay(TimeSpan duration) => new(ProxyFaultKind.Delay, Duration: duration);

    /// <summary>Reset the connection and refuse new ones for a while (a server restart).</summary>
    public static ProxyFault Outage(TimeSpan duration) => new(ProxyFaultKind.Outage, Duration: duration);
}
