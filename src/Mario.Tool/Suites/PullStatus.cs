namespace Mario.Tool.Suites;

/// <summary>What <c>suites pull</c> did for one suite.</summary>
public enum PullStatus
{
    /// <summary>A verified copy was already in the cache.</summary>
    AlreadyPresent,

    /// <summary>Downloaded, verified and written to the cache.</summary>
    Pulled,

    /// <summary>The suite cannot be pulled automatically (no normalizer and no data URL).</summary>
    Unsupported,

    /// <summary>A checksum or content check failed; nothing was kept.</summary>
    Rejected,

    /// <summary>The download failed (network); a partial file was kept for resuming.</summary>
    Interrupted,

    /// <summary>The server could not be reached at all (no network, DNS failure, connection refused); nothing was kept.</summary>
    Unreachable,
}
