using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Mario.Eval;
using Mario.Tool.Cli;
using Spectre.Console;

namespace Mario.Benchmarks;

/// <summary>
/// <c>Mario.Benchmarks checker</c>: checks per second on one core over gold answers from the suites paired with equivalent
/// and perturbed variants, with median / p99 / max latency, the worst hostile input, and optionally SymPy on the same
/// plain-text pairs in the same run.
/// </summary>
public static partial class CheckerBenchCommand
{
    private static readonly Option<int> Pairs = new("--pairs") { Description = "Number of pairs in the mix (1000..1000000).", DefaultValueFactory = _ => 30_000 };
    private static readonly Option<int> Seed = new("--seed") { Description = "Seed for sampling answers and variants.", DefaultValueFactory = _ => 7 };
    private static readonly Option<DirectoryInfo?> Suites = new("--suites") { Description = "Folder of suite JSONL files (default: ../shared/suites next to the repository)." };
    private static readonly Option<int> Sympy = new("--sympy") { Description = "Also time SymPy simplify(a-b)==0 (via /usr/bin/python3) on this many plain-text pairs; 0 to skip.", DefaultValueFactory = _ => 0 };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command(
            "checker",
            """
            Measure the answer checker: checks/second on one core, median/p99/max latency, hostile-input worst case.

            Examples:
              dotnet run --project bench/Mario.Benchmarks -c Release -- checker
              dotnet run --project bench/Mario.Benchmarks -c Release -- checker --pairs 100000 --seed 3
              dotnet run --project bench/Mario.Benchmarks -c Release -- checker --sympy 300                 side by side with SymPy on plain-text pairs
            """);
        command.Options.Add(Pairs);
        command.Options.Add(Seed);
        command.Options.Add(Suites);
        command.Options.Add(Sympy);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var pairs = r.GetValue(Pairs);
            var sympy = r.GetValue(Sympy);
            if (pairs is < 1000 or > 1_000_000 || sympy is < 0 or > 100_000)
            {
                Console.Error.WriteLine("error: --pairs must be 1000..1000000 and --sympy 0..100000 (example: dotnet run --project bench/Mario.Benchmarks -c Release -- checker --pairs 30000)");
                return ExitCodes.Usage;
            }

            var dir = r.GetValue(Suites)?.FullName ?? FindSuites();
            if (dir is null || !Directory.Exists(dir))
            {
                Console.Error.WriteLine("error: suites folder not found; pass --suites DIR (example: --suites ../shared/suites)");
                return ExitCodes.Usage;
            }

            return await RunAsync(dir, pairs, r.GetValue(Seed), sympy, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static string? FindSuites()
    {
        for (var d = new DirectoryInfo(Environment.CurrentDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Mario.sln")))
            {
                return Path.GetFullPath(Path.Combine(d.FullName, "..", "shared", "suites"));
            }
        }

        return null;
    }

    private static async Task<int> RunAsync(string suitesDir, int count, int seed, int sympyCount, CancellationToken ct)
    {
        var golds = new List<string>();
        foreach (var file in Directory.GetFiles(suitesDir, "*.jsonl").Order(StringComparer.Ordinal))
        {
            foreach (var line in File.ReadLines(file))
            {
                using var doc = JsonDocument.Parse(line);
                var a = doc.RootElement.GetProperty("answer").GetString();
                if (!string.IsNullOrWhiteSpace(a) && a.Length < 400)
                {
                    golds.Add(a);
                }
            }
        }

        var rng = new Random(seed);
        var mix = new List<(string Gold, string Pred)>(count);
        while (mix.Count < count)
        {
            var g = golds[rng.Next(golds.Count)];
            mix.Add((g, Variant(g, rng)));
        }

        var checker = new EquivalenceChecker();
        foreach (var (g, p) in mix.Take(2000))
        {
            checker.Check(g, p); // warm-up: JIT and tiering
        }

        // One core: a plain loop on this thread.
        var latencies = new double[mix.Count];
        int equivalent = 0, unknown = 0;
        var total = Stopwatch.StartNew();
        for (var i = 0; i < mix.Count; i++)
        {
            var t0 = Stopwatch.GetTimestamp();
            var v = checker.Check(mix[i].Gold, mix[i].Pred);
            latencies[i] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            equivalent += v.IsEquivalent ? 1 : 0;
            unknown += v.Outcome == Outcome.Unknown ? 1 : 0;
        }

        total.Stop();
        var slowest = latencies.Select((ms, i) => (ms, i)).OrderByDescending(t => t.ms).Take(3).ToList();
        Array.Sort(latencies);
        var perSecond = mix.Count / total.Elapsed.TotalSeconds;

        var hostile = HostileInputs();
        var hostileWorst = 0.0;
        var hostileName = string.Empty;
        foreach (var (name, g, p) in hostile)
        {
            var t0 = Stopwatch.GetTimestamp();
            checker.Check(g, p);
            var ms = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            if (ms > hostileWorst)
            {
                (hostileWorst, hostileName) = (ms, name);
            }
        }

        var table = new Table().AddColumn("checker").AddColumn("pairs").AddColumn("checks/s (1 core)").AddColumn("median ms")
            .AddColumn("p99 ms").AddColumn("max ms").AddColumn("equivalent").AddColumn("unknown");
        table.AddRow("mario", F(mix.Count), F(perSecond, "F0"), F(Pct(latencies, 0.5), "F4"), F(Pct(latencies, 0.99), "F4"),
            F(latencies[^1], "F2"), F(equivalent), F(unknown));

        if (sympyCount > 0)
        {
            var plain = mix.Where(m => IsPlain(m.Gold) && IsPlain(m.Pred)).Take(sympyCount).ToList();
            var marioPlain = plain.Select(m =>
            {
                var t0 = Stopwatch.GetTimestamp();
                checker.Check(m.Gold, m.Pred);
                return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            }).Order().ToArray();
            var sympy = await RunSympyAsync(plain, ct).ConfigureAwait(false);
            if (sympy is null)
            {
                AnsiConsole.MarkupLine("[yellow]sympy comparison skipped: /usr/bin/python3 with sympy is not available[/]");
            }
            else
            {
                var s = sympy.Value.Latencies.Order().ToArray();
                var m = marioPlain;
                table.AddRow("mario (plain subset)", F(m.Length), F(m.Length / (m.Sum() / 1000), "F0"), F(Pct(m, 0.5), "F4"), F(Pct(m, 0.99), "F4"), F(m[^1], "F2"), "-", "-");
                table.AddRow("sympy simplify(a-b)==0", F(s.Length), F(s.Length / (s.Sum() / 1000), "F0"), F(Pct(s, 0.5), "F4"), F(Pct(s, 0.99), "F4"), F(s[^1], "F2"), F(sympy.Value.Equal), "-");
                AnsiConsole.MarkupLine($"median latency ratio sympy/mario on the same pairs: [bold]{Pct(s, 0.5) / Math.Max(Pct(m, 0.5), 1e-9):F0}x[/]");
            }
        }

        AnsiConsole.Write(table);
        foreach (var (ms, i) in slowest)
        {
            AnsiConsole.MarkupLine($"slow pair: {ms:F2} ms  {Markup.Escape(Clip(mix[i].Gold))}  vs  {Markup.Escape(Clip(mix[i].Pred))}");
        }

        AnsiConsole.MarkupLine($"hostile inputs: worst {hostileWorst:F2} ms ({Markup.Escape(hostileName)}) over {hostile.Count} cases; mix: {golds.Count} suite golds, seed {seed}");
        return ExitCodes.Ok;
    }

    private static string Clip(string s) => s.Length <= 50 ? s : s[..47] + "...";

    private static string F(double v, string format) => v.ToString(format, CultureInfo.InvariantCulture);

    private static string F(int v) => v.ToString(CultureInfo.InvariantCulture);

    private static double Pct(double[] sorted, double q) => sorted.Length == 0 ? 0 : sorted[Math.Min(sorted.Length - 1, (int)(q * sorted.Length))];

    // A realistic mix: the same answer, re-written equivalently, or perturbed (a digit changed, a sign flipped).
    private static string Variant(string gold, Random rng)
    {
        switch (rng.Next(8))
        {
            case 0:
                return gold;
            case 1:
                return "$" + gold + "$";
            case 2:
                return gold.Replace(",", ", ", StringComparison.Ordinal).Replace("\\frac", "\\dfrac", StringComparison.Ordinal);
            case 3 when Integer().IsMatch(gold):
                return $"\\frac{{{long.Parse(gold, CultureInfo.InvariantCulture) * 2}}}{{2}}";
            case 3:
                return "x = " + gold;
            case 4 when Integer().IsMatch(gold):
                return gold + ".0";
            case 4:
                return "\\left(" + gold + "\\right)";
            case 5:
                return "-" + gold;
            default:
            {
                var digits = gold.Select((c, i) => (c, i)).Where(t => char.IsAsciiDigit(t.c)).ToList();
                if (digits.Count == 0)
                {
                    return gold + "+1";
                }

                var (ch, at) = digits[rng.Next(digits.Count)];
                return string.Concat(gold.AsSpan(0, at), ((char)('0' + ((ch - '0' + 1) % 10))).ToString(), gold.AsSpan(at + 1));
            }
        }
    }

    [GeneratedRegex(@"^-?\d{1,12}$")]
    private static partial Regex Integer();

    [GeneratedRegex(@"^[-+*/^().\d\s]+$|^-?\d+(\.\d+)?$")]
    private static partial Regex PlainPattern();

    private static bool IsPlain(string s) => PlainPattern().IsMatch(s) && s.Length < 60;

    private static List<(string Name, string Gold, string Pred)> HostileInputs() =>
    [
        ("10,000 nested braces", new string('{', 10_000) + "1" + new string('}', 10_000), "1"),
        ("10^{10^{10}}", "10^{10^{10}}", "10^{10^{10}}+1"),
        ("99999!", "99999!", "99999!+1"),
        ("1/3000! vs 1/2999!", "\\frac{1}{3000!}", "\\frac{1}{2999!}"),
        ("1 MB string", new string('x', 1_000_000), "x"),
        ("unbalanced \\left(", "\\left( 1 + 2", "3"),
        ("NUL bytes", "1\u0000+\u00002", "3"),
        ("3000 nested roots", string.Concat(Enumerable.Repeat("\\sqrt{", 3000)) + "2" + new string('}', 3000), "2"),
        ("3000-term sum", string.Join("+", Enumerable.Repeat("x^{99}", 3000)), "3000x^{99}"),
        ("2000-element lists", string.Join(",", Enumerable.Range(0, 2000)), string.Join(",", Enumerable.Range(0, 2000).Reverse())),
        ("500x3 matrix", "\\begin{pmatrix}" + string.Join("\\\\", Enumerable.Repeat("1&2&3", 500)) + "\\end{pmatrix}", "1"),
        ("5000-digit decimal", "0." + new string('3', 5000), "\\frac{1}{3}"),
    ];

    private static async Task<(List<double> Latencies, int Equal)?> RunSympyAsync(List<(string Gold, string Pred)> pairs, CancellationToken ct)
    {
        const string python = "/usr/bin/python3";
        if (!File.Exists(python) || pairs.Count == 0)
        {
            return null;
        }

        var input = Path.GetTempFileName();
        try
        {
            var sb = new StringBuilder();
            foreach (var (g, p) in pairs)
            {
                sb.AppendLine(JsonSerializer.Serialize(new[] { g.Replace("^", "**", StringComparison.Ordinal), p.Replace("^", "**", StringComparison.Ordinal) }));
            }

            await File.WriteAllTextAsync(input, sb.ToString(), ct).ConfigureAwait(false);
            const string script = """
                import sys, json, time
                from sympy import simplify
                from sympy.parsing.sympy_parser import parse_expr
                for line in open(sys.argv[1]):
                    a, b = json.loads(line)
                    t = time.perf_counter()
                    try:
                        eq = simplify(parse_expr(a) - parse_expr(b)) == 0
                    except Exception:
                        eq = False
                    print(json.dumps([time.perf_counter() - t, bool(eq)]))
                """;
            var psi = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(script);
            psi.ArgumentList.Add(input);
            using var process = Process.Start(psi);
            if (process is null)
            {
                return null;
            }

            var stdout = await process.StandardOutput.ReadToEndAsync(ct).ConfigureAwait(false);
            await process.WaitForExitAsync(ct).ConfigureAwait(false);
            if (process.ExitCode != 0)
            {
                return null;
            }

            var latencies = new List<double>();
            var equal = 0;
            foreach (var line in stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                using var doc = JsonDocument.Parse(line);
                latencies.Add(doc.RootElement[0].GetDouble() * 1000);
                equal += doc.RootElement[1].GetBoolean() ? 1 : 0;
            }

            return (latencies, equal);
        }
        finally
        {
            File.Delete(input);
        }
    }
}
