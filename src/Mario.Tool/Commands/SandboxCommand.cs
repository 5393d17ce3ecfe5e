using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Mario.Sandbox;
using Mario.Sandbox.Observations;
using Mario.Tool.Cli;
using Spectre.Console;

namespace Mario.Tool.Commands;

/// <summary><c>mario sandbox run CELL.py...</c> and <c>mario sandbox doctor</c>: the code sandbox from the command line.</summary>
public static class SandboxCommand
{
    private static readonly Argument<FileInfo[]> Cells = new("cells")
    {
        Description = "Python files run as consecutive cells of one trajectory (earlier cells are replayed, their output discarded)",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<int> Samples = new("--samples")
    {
        Description = "Cells timed for the latency figure (1..10000)",
        DefaultValueFactory = _ => 50,
    };

    /// <summary>Builds <c>sandbox</c> with its <c>run</c> and <c>doctor</c> sub-commands.</summary>
    public static Command Create()
    {
        var sandbox = new Command(
            "sandbox",
            """
            Run model-written Python the way searches do: in a fork server child with no network, an unprivileged
            user, a private file system view, resource limits and a wall-clock deadline (see docs/sandbox.md).

            Examples:
              dotnet mario sandbox doctor                       what isolation works here, and the per-cell latency
              dotnet mario sandbox run step1.py step2.py         run two cells of one trajectory, print the JSON result
              dotnet mario sandbox run cell.py --timeout 5 --python /usr/bin/python3
            """);
        sandbox.Subcommands.Add(CreateRun());
        sandbox.Subcommands.Add(CreateDoctor());
        return sandbox;
    }

    private static Command CreateRun()
    {
        var run = new Command(
            "run",
            """
            Run the files as consecutive cells of one trajectory and print the last cell's result as JSON:
            stdout, stderr, error {type, message} or null, timed_out, elapsed_ms, and the observation text as
            Super_MARIO and rStar would put it into the trajectory. A failing cell still exits 0 (it is data);
            exit 2 for a missing file, 4 when the sandbox is unavailable.

            Examples:
              dotnet mario sandbox run cell.py
              dotnet mario sandbox run define.py use.py --timeout 5
              dotnet mario sandbox run cell.py --unsafe-sandbox  without root: limits and timeout only
            """);
        run.Arguments.Add(Cells);
        SandboxCliOptions.AddTo(run);
        run.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var options = SandboxCliOptions.Bind(r, poolSize: 1, out var errors);
            if (errors.Count > 0)
            {
                return Usage(string.Join("; ", errors));
            }

            var sources = new List<string>();
            foreach (var file in r.GetValue(Cells) ?? [])
            {
                if (!file.Exists)
                {
                    return Usage($"{file.FullName}: file not found (expected a python source file)");
                }

                sources.Add(await File.ReadAllTextAsync(file.FullName, ct).ConfigureAwait(false));
            }

            try
            {
                await using var sandbox = await ForkServerSandbox.StartAsync(options, ct).ConfigureAwait(false);
                var result = await sandbox.RunAsync(sources, ct).ConfigureAwait(false);
                Console.Out.WriteLine(ResultJson(result, options.Timeout, sandbox.IsUnsafe));
                return ExitCodes.Ok;
            }
            catch (SandboxUnavailableException ex)
            {
                return SandboxCliOptions.Unavailable(ex);
            }
        });
        return run;
    }

    private static Command CreateDoctor()
    {
        var doctor = new Command(
            "doctor",
            """
            Report the interpreter, its packages, which isolation features work on this machine (each checked by a
            real probe cell: namespaces, the per-cell IPC namespace, the seccomp filter and keyring denial, the
            per-cell process limit and what the machine offers for cgroups) and a measured per-cell latency.
            Exits 4 when isolation is incomplete, unless --unsafe-sandbox is given.

            Examples:
              dotnet mario sandbox doctor
              dotnet mario sandbox doctor --python /usr/bin/python3 --samples 200
            """);
        SandboxCliOptions.AddTo(doctor);
        doctor.Options.Add(Samples);
        doctor.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var samples = r.GetValue(Samples);
            var options = SandboxCliOptions.Bind(r, poolSize: 2, out var errors);
            if (samples is < 1 or > 10000)
            {
                errors = [.. errors, $"--samples must be in 1..10000, got {samples}"];
            }

            if (errors.Count > 0)
            {
                return Usage(string.Join("; ", errors));
            }

            // The report is results: standard output, plain (no colours, no wrapping) when piped or NO_COLOR is set.
            return await DoctorAsync(Reporting.Terminal.Create(r.InvocationConfiguration.Output), options, samples, ct).ConfigureAwait(false);
        });
        return doctor;
    }

    private static async Task<int> DoctorAsync(IAnsiConsole console, SandboxOptions options, int samples, CancellationToken ct)
    {
        PythonInterpreter interpreter;
        try
        {
            interpreter = await PythonLocator.LocateAsync(options.PythonPath, null, ct).ConfigureAwait(false);
        }
        catch (SandboxUnavailableException ex)
        {
            return SandboxCliOptions.Unavailable(ex);
        }

        var info = new Table().Title("interpreter").AddColumn("field").AddColumn("value");
        info.AddRow("python", Markup.Escape($"{interpreter.Path} ({interpreter.Version}, chosen by {interpreter.Source})"));
        info.AddRow("sympy", Markup.Escape(interpreter.SympyVersion));
        info.AddRow("numpy", Markup.Escape(interpreter.NumpyVersion));
        info.AddRow("running as", Markup.Escape(Environment.UserName));
        console.Write(info);

        // Start with unsafe allowed so that the report can be printed in full; the verdict comes after.
        ForkServerSandbox sandbox;
        try
        {
            sandbox = await ForkServerSandbox.StartAsync(options with { AllowUnsafe = true }, ct).ConfigureAwait(false);
        }
        catch (SandboxUnavailableException ex)
        {
            return SandboxCliOptions.Unavailable(ex);
        }

        await using (sandbox.ConfigureAwait(false))
        {
            var features = new Table().Title("isolation (checked by a probe cell; ServerDiesWithHost by the server's setup)").AddColumn("feature").AddColumn("status").AddColumn("detail");
            foreach (var check in sandbox.Isolation.Checks)
            {
                features.AddRow(check.Feature.ToString(), check.Works ? "[green]works[/]" : "[red]missing[/]", Markup.Escape(check.Detail));
            }

            console.Write(features);
            console.MarkupLine("preloaded: " + Markup.Escape(string.Join(", ",
                sandbox.Packages.Select(p => p.Value.Length == 0 ? p.Key : $"{p.Key} {p.Value}"))));
            var latencies = new List<double>(samples);
            const string Cell = "import sympy\nprint(sympy.Rational(1, 3) + sympy.Rational(1, 6))";
            for (var i = 0; i < samples; i++)
            {
                var result = await sandbox.RunAsync([Cell], ct).ConfigureAwait(false);
                if (result.Stdout != "1/2\n")
                {
                    Console.Error.WriteLine($"error: the latency cell printed {JsonSerializer.Serialize(result.Stdout)} ({result.Error}), expected \"1/2\\n\"");
                    return ExitCodes.Failure;
                }

                latencies.Add(result.Elapsed.TotalMilliseconds);
            }

            latencies.Sort();
            var timing = new Table().Title("latency (simple sympy cell, sequential, 2 servers)").AddColumn("cells").AddColumn("median ms").AddColumn("p90 ms");
            timing.AddRow(samples.ToString(CultureInfo.InvariantCulture), Ms(Percentile(latencies, 0.5)), Ms(Percentile(latencies, 0.9)));
            console.Write(timing);
            if (sandbox.IsUnsafe && !options.AllowUnsafe)
            {
                Console.Error.WriteLine("error: sandbox unavailable: isolation is incomplete on this machine; missing:\n" +
                                        sandbox.Isolation.DescribeMissing() +
                                        "\nRun mario as root (a container is fine), or pass --unsafe-sandbox to accept it.");
                return ExitCodes.SandboxUnavailable;
            }

            console.MarkupLine(sandbox.IsUnsafe ? "[yellow]UNSAFE: running without full isolation (--unsafe-sandbox)[/]" : "[green]sandbox ready: full isolation[/]");
            return ExitCodes.Ok;
        }
    }

    /// <summary>The JSON printed by <c>sandbox run</c>.</summary>
    internal static string ResultJson(ExecutionResult result, TimeSpan timeout, bool isUnsafe)
    {
        var superMario = new ObservationFormatter(ObservationStyle.SuperMario, timeout).Format(result);
        var rStar = new ObservationFormatter(ObservationStyle.RStar, timeout).Format(result);
        var payload = new Dictionary<string, object?>
        {
            ["stdout"] = result.Stdout,
            ["stderr"] = result.Stderr,
            ["error"] = result.Error is null ? null : new Dictionary<string, string> { ["type"] = result.Error.Type, ["message"] = result.Error.Message },
            ["timed_out"] = result.TimedOut,
            ["elapsed_ms"] = Math.Round(result.Elapsed.TotalMilliseconds, 3),
            ["observation"] = new Dictionary<string, object>
            {
                ["super_mario"] = superMario.Text,
                ["rstar"] = rStar.Text,
                ["is_error"] = superMario.IsError,
            },
            ["unsafe_sandbox"] = isUnsafe,
        };
        return JsonSerializer.Serialize(payload, new JsonSerializerOptions
        {
            WriteIndented = true,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }

    internal static double Percentile(IReadOnlyList<double> sorted, double q) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];

    internal static string Ms(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    private static int Usage(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        Console.Error.WriteLine("example: dotnet mario sandbox run cell.py --timeout 5   or   dotnet mario sandbox doctor");
        return ExitCodes.Usage;
    }
}
