namespace Mario.Tool.Cli;

/// <summary>An expected failure reported to the user as one line on stderr with an exit code.</summary>
/// <param name="ExitCode">One of <see cref="ExitCodes"/>.</param>
/// <param name="Message">One line naming what and where (file, line, field or option) and what was expected.</param>
public sealed record CliFailure(int ExitCode, string Message)
{
    /// <summary>A usage or invalid-input failure (exit 2).</summary>
    public static CliFailure Usage(string message) => new(ExitCodes.Usage, message);
}
