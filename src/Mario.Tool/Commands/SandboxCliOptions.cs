using System.CommandLine;
using Mario.Sandbox;
using Mario.Tool.Cli;

namespace Mario.Tool.Commands;

/// <summary>
/// The sandbox options every command that runs model-written code shares (<c>--python</c>, <c>--unsafe-sandbox</c>,
/// <c>--timeout</c>), and their binding to <see cref="SandboxOptions"/>.
/// </summary>
public static class SandboxCliOptions
{
    /// <summary><c>--python PATH</c>: the interpreter (else MARIO_PYTHON, else probing for one with sympy and numpy).</summary>
    public static readonly Option<string?> Python = new("--python")
    {
        Description = "python3 that imports sympy and numpy (default: $MARIO_PYTHON, else /usr/bin/python3, python3 on PATH)",
    };

    /// <summary><c>--unsafe-sandbox</c>: run even when isolation features are missing (recorded in run summaries).</summary>
    public static readonly Option<bool> UnsafeSandbox = new("--unsafe-sandbox")
    {
        Description = "Run cells even when isolation is incomplete (no root: no namespaces, no uid drop); recorded in summaries",
    };

    /// <summary><c>--timeout S</c>: wall-clock seconds per execution.</summary>
    public static readonly Option<double> Timeout = new("--timeout")
    {
        Description = "Wall-clock limit per execution in seconds (0.1..3600), replay of earlier cells included",
        DefaultValueFactory = _ => 15,
    };

    /// <summary>Adds the three options to a command.</summary>
    public static void AddTo(Command command)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.Options.Add(Python);
        command.Options.Add(UnsafeSandbox);
        command.Options.Add(Timeout);
    }

    /// <summary>Builds and validates the options; <paramref name="errors"/> names each bad option.</summary>
    public static SandboxOptions Bind(ParseResult result, int poolSize, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(result);
        var seconds = result.GetValue(Timeout);
        var list = new List<string>();
        if (double.IsNaN(seconds) || seconds < 0.1 || seconds > 3600)
        {
            list.Add($"--timeout must be between 0.1 and 3600 seconds, got {seconds}");
            seconds = 15;
        }

        var options = new SandboxOptions
        {
            PythonPath = result.GetValue(Python),
            AllowUnsafe = result.GetValue(UnsafeSandbox),
            Timeout = TimeSpan.FromSeconds(seconds),
            PoolSize = poolSize,
        };
        list.AddRange(options.Validate().Where(e => !e.StartsWith(nameof(SandboxOptions.Timeout), StringComparison.Ordinal)));
        errors = list;
        return options;
    }

    /// <summary>Prints why the sandbox is unavailable and returns exit code 4.</summary>
    public static int Unavailable(SandboxUnavailableException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        Console.Error.WriteLine($"error: sandbox unavailable: {error.Message}");
        return ExitCodes.SandboxUnavailable;
    }
}
