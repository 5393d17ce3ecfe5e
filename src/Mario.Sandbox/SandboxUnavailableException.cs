namespace Mario.Sandbox;

/// <summary>
/// The sandbox cannot run: no suitable interpreter, or isolation features are missing and
/// <see cref="SandboxOptions.AllowUnsafe"/> is off. The CLI maps it to exit code 4.
/// </summary>
public sealed class SandboxUnavailableException : Exception
{
    /// <summary>Creates the exception with a message that says exactly what is missing.</summary>
    public SandboxUnavailableException(string message, IsolationReport? report = null)
        : base(message) => Report = report;

    /// <summary>Creates the exception with a cause.</summary>
    public SandboxUnavailableException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>The isolation checks, when a fork server got far enough to run them.</summary>
    public IsolationReport? Report { get; }
}
