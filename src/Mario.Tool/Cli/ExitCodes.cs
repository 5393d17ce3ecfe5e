namespace Mario.Tool.Cli;

/// <summary>Process exit codes of <c>dotnet mario</c>; documented in the README and in <c>--help</c>.</summary>
public static class ExitCodes
{
    /// <summary>Success.</summary>
    public const int Ok = 0;

    /// <summary>An unexpected failure (a bug); the message says where.</summary>
    public const int Failure = 1;

    /// <summary><c>check GOLD PRED</c>: the answers are not equivalent (unknown counts as not equivalent), as <c>cmp</c> and <c>diff</c> exit 1.</summary>
    public const int NotEquivalent = 1;

    /// <summary>Usage error or invalid input (unknown option, bad manifest, malformed data file).</summary>
    public const int Usage = 2;

    /// <summary>The model backend could not be reached.</summary>
    public const int BackendUnreachable = 3;

    /// <summary>The code sandbox is unavailable (no suitable interpreter or isolation).</summary>
    public const int SandboxUnavailable = 4;

    /// <summary>A CI gate failed (accuracy below the threshold or a regression).</summary>
    public const int GateFailed = 5;
}
