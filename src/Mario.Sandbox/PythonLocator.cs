using System.Diagnostics;
using System.Text.Json;

namespace Mario.Sandbox;

/// <summary>
/// Finds the sandbox's interpreter: <c>--python</c> if given, else <c>MARIO_PYTHON</c>, else the first of
/// <c>/usr/bin/python3</c>, each <c>python3</c> on PATH and <c>/usr/local/bin/python3</c> that imports sympy and numpy.
/// </summary>
public static class PythonLocator
{
    /// <summary>The environment variable naming the interpreter.</summary>
    public const string EnvironmentVariable = "MARIO_PYTHON";

    // A successful probe per path: starting a pool or restarting a server must not re-import sympy just to check.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, PythonInterpreter> Probed = new(StringComparer.Ordinal);

    private const string ProbeScript =
        "import json, sys\nimport sympy, numpy\n" +
        "print(json.dumps({'version': sys.version.split()[0], 'sympy': sympy.__version__, 'numpy': numpy.__version__}))";

    /// <summary>
    /// Returns the interpreter to use, or throws <see cref="SandboxUnavailableException"/> listing every candidate
    /// tried and why it was rejected.
    /// </summary>
    /// <param name="explicitPath">The <c>--python</c> value, or null.</param>
    /// <param name="environment">Reads an environment variable (inject for tests); null uses the process environment.</param>
    /// <param name="cancellationToken">Cancels the probing.</param>
    public static async ValueTask<PythonInterpreter> LocateAsync(
        string? explicitPath, Func<string, string?>? environment, CancellationToken cancellationToken)
    {
        environment ??= Environment.GetEnvironmentVariable;
        var (candidates, source) = explicitPath is not null
            ? ([explicitPath], "--python")
            : environment(EnvironmentVariable) is { Length: > 0 } fromEnv
                ? ([fromEnv], EnvironmentVariable)
                : (DefaultCandidates(environment("PATH")), "probe");
        var rejected = new List<string>();
        foreach (var candidate in candidates)
        {
            if (Probed.TryGetValue(candidate, out var known))
            {
                return known with { Source = source };
            }

            var (interpreter, reason) = await ProbeAsync(candidate, source, cancellationToken).ConfigureAwait(false);
            if (interpreter is not null)
            {
                Probed[candidate] = interpreter;
                return interpreter;
            }

            rejected.Add($"  {candidate}: {reason}");
        }

        throw new SandboxUnavailableException(
            $"no python3 that imports sympy and numpy was found (chosen by {source}):\n{string.Join('\n', rejected)}\n" +
            "Install them (Debian: apt-get install python3-sympy python3-numpy) or pass --python PATH / set MARIO_PYTHON.");
    }

    private static List<string> DefaultCandidates(string? path)
    {
        var list = new List<string> { "/usr/bin/python3" };
        foreach (var dir in (path ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            list.Add(System.IO.Path.Combine(dir, "python3"));
        }

        list.Add("/usr/local/bin/python3");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return list.Where(p => File.Exists(p) && seen.Add(p)).DefaultIfEmpty("python3").ToList();
    }

    private static async ValueTask<(PythonInterpreter? Interpreter, string Reason)> ProbeAsync(
        string candidate, string source, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(candidate)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("-I");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(ProbeScript);
        Process process;
        try
        {
            process = Process.Start(info) ?? throw new InvalidOperationException("Process.Start returned null");
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return (null, $"cannot start: {ex.Message}");
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
            var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(60));
            try
            {
                await process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                process.Kill(entireProcessTree: true);
                return (null, "did not answer within 60 s");
            }

            var output = await stdout.ConfigureAwait(false);
            var errors = await stderr.ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                var last = errors.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? $"exit code {process.ExitCode}";
                return (null, last.Trim());
            }

            try
            {
                using var doc = JsonDocument.Parse(output);
                var root = doc.RootElement;
                return (new PythonInterpreter(candidate, root.GetProperty("version").GetString()!,
                    root.GetProperty("sympy").GetString()!, root.GetProperty("numpy").GetString()!, source), "");
            }
            catch (JsonException ex)
            {
                return (null, $"unexpected probe output ({ex.Message}): {output.Trim()}");
            }
        }
    }
}
