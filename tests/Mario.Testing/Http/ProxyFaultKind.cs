namespace Mario.Testing.Http;

/// <summary>The faults a <see cref="FaultProxy"/> can inject.</summary>
public enum ProxyFaultKind
{
    /// <summary>Forward untouched.</summary>
    Pass,

    /// <summary>Reset the connection (RST) without an answer.</summary>
    Reset,

    /// <summary>Half the body, then close.</summary>
    Truncate,

    /// <summary>Cut-off JSON with a consistent Content-Length.</summary>
    Malformed,

    /// <summary>An error status instead of the answer.</summary>
    Status,

    /// <summary>A delay before forwarding.</summary>
    Delay,

    /// <summary>The listener goes away and comes back on the same port (a restart).</summary>
    Outage,
}
