using System.CommandLine;
using System.Globalization;
using Mario.Inference;
using Mario.Inference.SafeTensors;
using Mario.Tool.Cli;
using Spectre.Console;

namespace Mario.Benchmarks;

/// <summary><c>Mario.Benchmarks engine</c>: CPU engine throughput against PyTorch eager, the bandwidth roofline, and prefix-cache reuse.</summary>
public static class EngineBenchCommand
{
    private static readonly Option<string> Tiny = new("--tiny")
    {
        Description = "Tiny checkpoint folder",
        DefaultValueFactory = _ => Path.Combine("tests", "Mario.Inference.Tests", "Data", "tiny-qwen2"),
    };

    private static readonly Option<string> Large = new("--large")
    {
        Description = "Larger random Qwen2-shaped checkpoint (make it with tools/fixtures/make_bench_qwen2.py); 'none' skips it",
        DefaultValueFactory = _ => Path.Combine("artifacts", "bench-qwen2"),
    };

    private static readonly Option<int> Threads = new("--threads")
    {
        Description = "Threads for the engine and for PyTorch",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    private static readonly Option<int> PromptTokens = new("--prompt-tokens") { Description = "Prefill length", DefaultValueFactory = _ => 32 };

    private static readonly Option<int> DecodeTokens = new("--decode-tokens") { Description = "Tokens per decode timing", DefaultValueFactory = _ => 16 };

    private static readonly Option<int> Runs = new("--runs") { Description = "Repetitions (medians are reported)", DefaultValueFactory = _ => 3 };

    private static readonly Option<string> Python = new("--python")
    {
        Description = "Python with torch for the baseline ('none' skips it)",
        DefaultValueFactory = _ => "/usr/bin/python3",
    };

    private static readonly Option<string> TorchScript = new("--torch-script")
    {
        Description = "The PyTorch baseline script",
        DefaultValueFactory = _ => Path.Combine("tools", "fixtures", "torch_bench.py"),
    };

    private static readonly Option<string> TorchBackend = new("--torch-backend")
    {
        Description = "Baseline matmul path: blas (torch's BLAS; generic reference BLAS in Debian's build) or onednn",
        DefaultValueFactory = _ => "blas",
    };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command(
            "engine",
            """
            Benchmark the CPU engine: prefill and decode tokens/s side by side with PyTorch eager on the same weights,
            the memory-bandwidth roofline for decoding, and prefix-cache reuse on a step-level beam search trace.
            Run from the repository root, on a Release build (a Debug build's JIT is several times slower).

            Examples:
              /usr/bin/python3 tools/fixtures/make_bench_qwen2.py           make the ~315M-parameter model once
              dotnet run --project bench/Mario.Benchmarks -c Release -- engine        tiny + large, one thread per core
              dotnet run --project bench/Mario.Benchmarks -c Release -- engine --large none --python none          engine only, tiny model
              dotnet run --project bench/Mario.Benchmarks -c Release -- engine --threads 1 --prompt-tokens 128 --decode-tokens 32 --runs 5
            """);
        foreach (var o in new Option[] { Tiny, Large, Threads, PromptTokens, DecodeTokens, Runs, Python, TorchScript, TorchBackend })
        {
            command.Options.Add(o);
        }

        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var large = r.GetValue(Large)!;
            var python = r.GetValue(Python)!;
            var options = new EngineBenchOptions(
                r.GetValue(Tiny)!,
                large == "none" ? null : large,
                r.GetValue(Threads),
                r.GetValue(PromptTokens),
                r.GetValue(DecodeTokens),
                r.GetValue(Runs),
                python == "none" ? null : python,
                r.GetValue(TorchScript)!,
                r.GetValue(TorchBackend)!);
            if (options.Validate() is { } problem)
            {
                await Console.Error.WriteLineAsync($"error: {problem}\nexample: dotnet run --project bench/Mario.Benchmarks -c Release -- engine --large none --threads 2");
                return ExitCodes.Usage;
            }

            try
            {
                return await RunAsync(options, ct);
            }
            catch (Exception e) when (e is InvalidDataException or SafeTensorsFormatException or FileNotFoundException)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return ExitCodes.Usage;
            }
        });
        return command;
    }

    private static async Task<int> RunAsync(EngineBenchOptions o, CancellationToken ct)
    {
        var figures = new List<EngineBenchmark.ModelFigures>();
        (double Best, double Median) bandwidth = default;
        var passes = 0;
        PrefixCacheTrace.Result? trace = null;
        var models = new List<(string Name, string Dir)> { ("tiny", o.TinyModel) };
        if (o.LargeModel is not null)
        {
            models.Add(("large", o.LargeModel));
        }

        await AnsiConsole.Status().StartAsync("measuring", async ctx =>
        {
            // The probe runs before each model and at the end, so a busy moment on a shared machine weighs less.
            var rates = new List<double>();
            ctx.Status("memory bandwidth (streaming read)");
            rates.AddRange(MemoryBandwidth.Measure(o.Threads));
            foreach (var (name, dir) in models)
            {
                ctx.Status($"{name}: loading {dir}");
                using (var engine = EngineBenchmark.LoadEngine(dir, o.Threads, o.PromptTokens))
                {
                    ctx.Status($"{name}: engine prefill and decode");
                    var (prefill, decode, bestStep, batchedDecode) = EngineBenchmark.Measure(engine, o.PromptTokens, o.DecodeTokens, o.Runs);
                    var w = engine.Model.Weights;
                    if (name == "tiny")
                    {
                        ctx.Status("prefix cache: beam search trace");
                        using var headFile = SafeTensorsCheckpoint.OpenFile(Path.Combine(dir, ValueHead.FileName));
                        var head = ValueHead.TryLoad(headFile, engine.Model.Config.HiddenSize, ValueHeadActivation.Tanh)!;
                        trace = PrefixCacheTrace.Run(engine, head);
                    }

                    figures.Add(new EngineBenchmark.ModelFigures(name, w.ParameterCount, w.DecodeBytesPerToken, w.Layers[0].Wq.Format.ToString(),
                        prefill, decode, bestStep, batchedDecode, null, null, null));
                }

                GC.Collect();
                ctx.Status("memory bandwidth (streaming read)");
                rates.AddRange(MemoryBandwidth.Measure(o.Threads));
                ctx.Status($"{name}: PyTorch eager baseline");
                var (tp, td, note) = await EngineBenchmark.RunTorchAsync(o, dir, ct);
                figures[^1] = figures[^1] with { TorchPrefillTokS = tp, TorchDecodeTokS = td, TorchNote = note };
            }

            rates.Sort();
            bandwidth = (rates[^1], rates[rates.Count / 2]);
            passes = rates.Count;
        });

        var inv = CultureInfo.InvariantCulture;
        string F(double? x) => x is { } v ? v.ToString(v >= 100 ? "F0" : "F2", inv) : "-";
        string Ratio(double a, double? b) => b is { } v && v > 0 ? (a / v).ToString("F2", inv) + "x" : "-";
        var table = new Table().Title($"engine vs PyTorch {(o.Python is null ? "(skipped)" : $"1.13 eager ({o.TorchBackend})")}: {o.Threads} threads, prompt {o.PromptTokens}, decode {o.DecodeTokens}, median of {o.Runs}");
        table.AddColumn("figure");
        foreach (var f in figures)
        {
            table.AddColumn(new TableColumn(f.Name).RightAligned());
        }

        void Row(string label, Func<EngineBenchmark.ModelFigures, string> cell) => table.AddRow([label, .. figures.Select(cell)]);
        double Roofline(EngineBenchmark.ModelFigures f, double bytesPerSecond) => bytesPerSecond / f.DecodeBytesPerToken;
        Row("parameters", f => (f.Parameters / 1e6).ToString("F1", inv) + "M");
        Row("weights in memory", f => f.WeightFormat);
        Row("bytes read per decoded token", f => (f.DecodeBytesPerToken / 1e6).ToString("F1", inv) + " MB");
        Row("prefill tok/s: engine", f => F(f.PrefillTokS));
        Row("prefill tok/s: PyTorch", f => F(f.TorchPrefillTokS));
        Row("prefill: engine / PyTorch", f => Ratio(f.PrefillTokS, f.TorchPrefillTokS));
        Row("decode tok/s: engine", f => F(f.DecodeTokS));
        Row("decode tok/s: PyTorch", f => F(f.TorchDecodeTokS));
        Row("decode: engine / PyTorch", f => Ratio(f.DecodeTokS, f.TorchDecodeTokS));
        Row($"decode tok/s: engine, {EngineBenchmark.BatchSize} sequences batched", f => F(f.BatchedDecodeTokS));
        Row("decode tok/s: engine, fastest single step", f => F(f.BestStepDecodeTokS));
        Row("roofline tok/s at median bandwidth", f => F(Roofline(f, bandwidth.Median)));
        Row("roofline tok/s at best bandwidth", f => F(Roofline(f, bandwidth.Best)));
        Row("decode median / roofline (median bw)", f => (100 * f.DecodeTokS / Roofline(f, bandwidth.Median)).ToString("F0", inv) + "%");
        Row("fastest step / roofline (best bw)", f => (100 * f.BestStepDecodeTokS / Roofline(f, bandwidth.Best)).ToString("F0", inv) + "%");
        AnsiConsole.Write(table);
        if (typeof(ValueHead).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false)
                .OfType<System.Diagnostics.DebuggableAttribute>().Any(d => d.IsJITOptimizerDisabled))
        {
            AnsiConsole.MarkupLine("[yellow]warning: Mario.Inference is a Debug build (JIT optimizer off); figures are not representative. Use -c Release.[/]");
        }

        AnsiConsole.MarkupLineInterpolated($"memory bandwidth (streaming read of 512 MiB on huge pages where the OS allows, like the weights; {o.Threads} threads, {passes} passes around the model runs): best {bandwidth.Best / 1e9:F2} GB/s, median {bandwidth.Median / 1e9:F2} GB/s");
        foreach (var f in figures.Where(f => f.TorchNote is not null))
        {
            AnsiConsole.MarkupLineInterpolated($"torch ({f.Name}): {f.TorchNote}");
        }

        if (trace is { } t)
        {
            AnsiConsole.MarkupLineInterpolated(
                $"prefix cache (beam search trace, B1=2 B2=3 depth 4, {t.Requests} requests): computed {t.Forwarded} tokens for {t.Unique} unique tree tokens = {t.Ratio:F3}x (target <= 1.1; without the cache: {t.WithoutCache} tokens = {(double)t.WithoutCache / t.Unique:F2}x)");
        }

        return ExitCodes.Ok;
    }
}
