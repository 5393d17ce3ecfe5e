using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Mario.Sandbox;
using Mario.Tool.Cli;
using Spectre.Console;

namespace Mario.Benchmarks;

/// <summary>
/// <c>Mario.Benchmarks sandbox</c>: per-cell latency and throughput of the fork-server sandbox, side by side with
/// starting a fresh python3 per cell (with and without <c>import sympy</c>), in one run.
/// </summary>
public static class SandboxBenchCommand
{
    /// <summary>The simple cell: sympy is preloaded in the fork server, so the import is free there.</summary>
    internal const string Cell = "import sympy\nprint(sympy.Rational(1, 3) + sympy.Rational(1, 6))";

    private const string PlainCell = "print(1 + 1)";

    private const string SolveCell = "import sympy\nx = sympy.Symbol('x')\nprint(sympy.solve(x**2 - 4, x))";

    private static readonly Option<int> CellCount = new("--cells") { Description = "Cells per fork-server measurement (>= 10)", DefaultValueFactory = _ => 400 };
    private static readonly Option<int> FreshCount = new("--fresh-cells") { Description = "Cells per fresh-python measurement (>= 5)", DefaultValueFactory = _ => 40 };
    private static readonly Option<int> Concurrency = new("--concurrency") { Description = "Executions in flight for cells/s, and fork servers in the pool (1..64)", DefaultValueFactory = _ => 2 };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command(
            "sandbox",
            """
            Measure the code sandbox: median per-cell latency of a simple sympy cell on the fork servers and cells/s
            with --concurrency executions in flight, side by side with a fresh `python3 -c` per cell (with
            `import sympy`, the fair comparison, and without). Targets: median <= 5 ms, >= 150 cells/s on 2 cores.

            Examples:
              dotnet run --project bench/Mario.Benchmarks -c Release -- sandbox
              dotnet run --project bench/Mario.Benchmarks -c Release -- sandbox --cells 1000 --concurrency 2
              taskset -c 0,1 dotnet run --project bench/Mario.Benchmarks -c Release -- sandbox          pin to 2 cores on a larger machine
            """);
        command.Options.Add(CellCount);
        command.Options.Add(FreshCount);
        command.Options.Add(Concurrency);
        SandboxCliOptions.AddTo(command);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var concurrency = r.GetValue(Concurrency);
            var sandboxOptions = SandboxCliOptions.Bind(r, poolSize: Math.Clamp(concurrency, 1, 64), out var errors);
            var options = new SandboxBenchOptions(r.GetValue(CellCount), r.GetValue(FreshCount), concurrency, sandboxOptions);
            var all = errors.Concat(options.Validate()).Distinct().ToList();
            if (all.Count > 0)
            {
                Console.Error.WriteLine("error: " + string.Join("; ", all));
                Console.Error.WriteLine("example: dotnet run --project bench/Mario.Benchmarks -c Release -- sandbox --cells 400 --concurrency 2");
                return ExitCodes.Usage;
            }

            try
            {
                return await RunAsync(options, ct).ConfigureAwait(false);
            }
            catch (SandboxUnavailableException ex)
            {
                return SandboxCliOptions.Unavailable(ex);
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(SandboxBenchOptions options, CancellationToken ct)
    {
        var rows = new List<Row>();
        await using var sandbox = await ForkServerSandbox.StartAsync(options.Sandbox, ct).ConfigureAwait(false);
        var python = sandbox.Interpreter.Path;
        await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var warm = progress.AddTask("warm-up", maxValue: 20);
            for (var i = 0; i < 20; i++)
            {
                await Check(sandbox.RunAsync([Cell], ct)).ConfigureAwait(false);
                warm.Increment(1);
            }

            var latency = progress.AddTask("fork server: sequential", maxValue: options.Cells);
            var sequential = await Measure(options.Cells, 1, latency, async () =>
                (await Check(sandbox.RunAsync([Cell], ct)).ConfigureAwait(false)).Elapsed.TotalMilliseconds).ConfigureAwait(false);
            var throughput = progress.AddTask($"fork server: {options.Concurrency} in flight", maxValue: options.Cells);
            var cpuBefore = ServersCpuMs(sandbox) + ProcessCpu.SelfMs();
            var parallel = await Measure(options.Cells, options.Concurrency, throughput, async () =>
                (await Check(sandbox.RunAsync([Cell], ct)).ConfigureAwait(false)).Elapsed.TotalMilliseconds).ConfigureAwait(false);
            var cpu = (ServersCpuMs(sandbox) + ProcessCpu.SelfMs() - cpuBefore) / options.Cells;
            rows.Add(new Row("fork server", sequential.Latencies, parallel.CellsPerSecond, cpu));

            // A realistic step: solving an equation exercises sympy's lazily imported machinery (see WarmUp).
            var solveCount = Math.Max(10, options.Cells / 4);
            var solveSequential = progress.AddTask("fork server, solve cell: sequential", maxValue: solveCount);
            var solveSeq = await Measure(solveCount, 1, solveSequential, async () =>
                (await Expect(sandbox.RunAsync([SolveCell], ct), "[-2, 2]\n").ConfigureAwait(false)).Elapsed.TotalMilliseconds).ConfigureAwait(false);
            var solveParallel = progress.AddTask($"fork server, solve cell: {options.Concurrency} in flight", maxValue: solveCount);
            var solveCpuBefore = ServersCpuMs(sandbox) + ProcessCpu.SelfMs();
            var solvePar = await Measure(solveCount, options.Concurrency, solveParallel, async () =>
                (await Expect(sandbox.RunAsync([SolveCell], ct), "[-2, 2]\n").ConfigureAwait(false)).Elapsed.TotalMilliseconds).ConfigureAwait(false);
            var solveCpu = (ServersCpuMs(sandbox) + ProcessCpu.SelfMs() - solveCpuBefore) / solveCount;
            rows.Add(new Row("fork server, solve cell", solveSeq.Latencies, solvePar.CellsPerSecond, solveCpu));

            foreach (var (label, source, expected) in new[]
            {
                ("fresh python3 + sympy", Cell, "1/2\n"),
                ("fresh python3, bare", PlainCell, "2\n"),
            })
            {
                var freshSequential = progress.AddTask($"{label}: sequential", maxValue: options.FreshCells);
                var seq = await Measure(options.FreshCells, 1, freshSequential, () => Fresh(python, source, expected, ct)).ConfigureAwait(false);
                var freshParallel = progress.AddTask($"{label}: {options.Concurrency} in flight", maxValue: options.FreshCells);
                var before = ProcessCpu.ReapedChildrenMs() + ProcessCpu.SelfMs();
                var par = await Measure(options.FreshCells, options.Concurrency, freshParallel, () => Fresh(python, source, expected, ct)).ConfigureAwait(false);
                var freshCpu = (ProcessCpu.ReapedChildrenMs() + ProcessCpu.SelfMs() - before) / options.FreshCells;
                rows.Add(new Row(label, seq.Latencies, par.CellsPerSecond, freshCpu));
            }
        }).ConfigureAwait(false);

        var fork = rows[0];
        var table = new Table()
            .Title($"sandbox: {Environment.ProcessorCount} cores, {options.Concurrency} in flight for cells/s")
            .AddColumn("mode").AddColumn("cells").AddColumn("median ms").AddColumn("p90 ms").AddColumn("cells/s")
            .AddColumn("CPU ms/cell").AddColumn("2-core capacity").AddColumn("median / fork").AddColumn("fork cells/s / this");
        foreach (var row in rows)
        {
            table.AddRow(
                Markup.Escape(row.Label),
                row.Latencies.Count.ToString(CultureInfo.InvariantCulture),
                Fmt(row.Median),
                Fmt(row.P90),
                Fmt(row.CellsPerSecond),
                Fmt(row.CpuMsPerCell),
                Fmt(2000 / row.CpuMsPerCell),
                row == fork ? "1.0x" : Fmt(row.Median / fork.Median) + "x",
                row == fork ? "1.0x" : Fmt(fork.CellsPerSecond / row.CellsPerSecond) + "x");
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("fork server: isolated child per cell, sympy preloaded; solve cell: sympy.solve(x**2 - 4, x) on the fork server; " +
                               "fresh python3 + sympy: `python3 -I -c` " +
                               "running the same cell (imports sympy each time); fresh python3, bare: `python3 -I -c 'print(1 + 1)'`. " +
                               "The fresh runs have no isolation at all.");
        AnsiConsole.MarkupLine($"isolation: {(sandbox.IsUnsafe ? "[yellow]INCOMPLETE (--unsafe-sandbox)[/]" : "[green]complete[/]")}; interpreter {Markup.Escape(python)} {Markup.Escape(sandbox.Interpreter.Version)}");
        AnsiConsole.MarkupLine($"load average at the end: {Markup.Escape(LoadAverage())}; '2-core capacity' = 2000 / CPU ms per cell, derived, not measured");
        AnsiConsole.MarkupLine($"target median <= 5 ms: {Verdict(fork.Median <= 5)} ({Fmt(fork.Median)} ms); target >= 150 cells/s: {Verdict(fork.CellsPerSecond >= 150)} ({Fmt(fork.CellsPerSecond)})");
        return ExitCodes.Ok;
    }

    private static double ServersCpuMs(ForkServerSandbox sandbox) => sandbox.ServerProcessIds().Sum(ProcessCpu.TreeMs);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static Task<ExecutionResult> Check(ValueTask<ExecutionResult> run) => Expect(run, "1/2\n");

    private static async Task<ExecutionResult> Expect(ValueTask<ExecutionResult> run, string expected)
    {
        var result = await run.ConfigureAwait(false);
        if (result.Stdout != expected)
        {
            throw new InvalidOperationException(
                $"the benchmark cell printed '{result.Stdout}' ({result.Error}, timed out: {result.TimedOut}), expected '{expected.Trim()}'");
        }

        return result;
    }

    private static async Task<double> Fresh(string python, string source, string expected, CancellationToken ct)
    {
        var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add("-I");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(source);
        var started = Stopwatch.GetTimestamp();
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"cannot start {python}");
        var output = await process.StandardOutput.ReadToEndAsync(ct).ConfigureAwait(false);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (output != expected)
        {
            throw new InvalidOperationException($"fresh python printed '{output}', expected '{expected.Trim()}'");
        }

        return elapsed;
    }

    private static async Task<(List<double> Latencies, double CellsPerSecond)> Measure(
        int count, int inFlight, ProgressTask task, Func<Task<double>> one)
    {
        var latencies = new List<double>(count);
        var next = 0;
        var started = Stopwatch.GetTimestamp();
        var workers = Enumerable.Range(0, inFlight).Select(async _ =>
        {
            while (Interlocked.Increment(ref next) <= count)
            {
                var ms = await one().ConfigureAwait(false);
                lock (latencies)
                {
                    latencies.Add(ms);
                }

                task.Increment(1);
            }
        });
        await Task.WhenAll(workers).ConfigureAwait(false);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        latencies.Sort();
        return (latencies, count / seconds);
    }

    private static string Fmt(double value) => value.ToString(value >= 100 ? "0" : "0.00", CultureInfo.InvariantCulture);

    private static string Verdict(bool ok) => ok ? "[green]met[/]" : "[red]missed[/]";

    private sealed record Row(string Label, List<double> Latencies, double CellsPerSecond, double CpuMsPerCell)
    {
        public double Median => SandboxCommand.Percentile(Latencies, 0.5);

        public double P90 => SandboxCommand.Percentile(Latencies, 0.9);
    }
}
