using Mario.Tool.Commands;

namespace Mario.Tool.Tests.Support;

/// <summary>Runs the CLI in-process and captures stdout, stderr and the exit code.</summary>
internal sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static Task<CliRun> InvokeAsync(params string[] args) => InvokeAsync(null, args);

    /// <summary>Runs with an injected clock (null: the system clock).</summary>
    public static async Task<CliRun> InvokeAsync(TimeProvider? time, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await MarioCli.InvokeAsync(args, output, error, time);
        return new CliRun(exit, output.ToString(), error.ToString());
    }

    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
