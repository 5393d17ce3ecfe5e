using System.Diagnostics;
using System.Text.Json;
using Mario.Inference.Engine;
using Mario.Inference.SafeTensors;
using Mario.Inference.Transformer;
using Mario.Models;

namespace Mario.Benchmarks;

/// <summary>Measures the CPU engine on one checkpoint, and runs the PyTorch baseline on the same files.</summary>
public static class EngineBenchmark
{
    /// <summary>Figures for one model; throughputs in tokens per second (medians).</summary>
    public sealed record ModelFigures(
        string Name,
        long Parameters,
        long DecodeBytesPerToken,
        string WeightFormat,
        double PrefillTokS,
        double DecodeTokS,
        double BestStepDecodeTokS,
        double BatchedDecodeTokS,
        double? TorchPrefillTokS,
        double? TorchDecodeTokS,
        string? TorchNote);

    /// <summary>Sequences in the batched-decoding figure.</summary>
    public const int BatchSize = 8;

    /// <summary>Loads <paramref name="directory"/> into an engine sized for benchmarking.</summary>
    public static InferenceEngine LoadEngine(string directory, int threads, int promptTokens)
    {
        var config = ModelConfig.Load(Path.Combine(directory, "config.json"));
        using var ck = SafeTensorsCheckpoint.Open(directory);
        var weights = TransformerWeights.Load(ck, config);
        var context = Math.Min(config.MaxPositions, 4096);
        return new InferenceEngine(config, weights, new EngineOptions(threads, MaxBatch: 16, PrefillChunk: Math.Max(64, promptTokens), KvCacheTokens: 2 * context, MaxContext: context), []);
    }

    /// <summary>Times prefill (cold cache) and greedy decoding; decode time runs from the first sampled token (after the prefill) to the last.</summary>
    public static (double Prefill, double Decode, double BestStep, double BatchedDecode) Measure(InferenceEngine engine, int promptTokens, int decodeTokens, int runs)
    {
        var rng = new Random(1);
        var vocab = Math.Min(engine.Model.Config.VocabSize, 1000);
        var prompt = Enumerable.Range(0, promptTokens).Select(_ => rng.Next(vocab)).ToArray();
        var shortPrompt = prompt[..16];
        double Time(Action a)
        {
            engine.Cache.Clear();
            var sw = Stopwatch.StartNew();
            a();
            return sw.Elapsed.TotalSeconds;
        }

        // Warm-up: page the weights in and let the tiered JIT finish with the code paths being timed.
        // Tiered JIT promotes methods only after ~30 calls and a quiet 100 ms, so warm up for a second, not a count.
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < 2 || warm.Elapsed < TimeSpan.FromSeconds(1); i++)
        {
            Time(() => engine.Logits(prompt));
            Time(() => engine.Generate([new SequenceRequest(shortPrompt, SamplingOptions.Greedy(4))], CancellationToken.None));
        }
        var prefill = new List<double>();
        var decode = new List<double>();
        var batched = new List<double>();
        var bestStep = 0.0;
        for (var r = 0; r < runs; r++)
        {
            // Each figure repeats its operation until a quarter second has passed, so a millisecond-long step of the tiny
            // model is not at the mercy of one scheduler hiccup on a shared machine.
            double seconds = 0, tokens = 0;
            do
            {
                seconds += Time(() => engine.Logits(prompt));
                tokens += promptTokens;
            }
            while (seconds < 0.25);
            prefill.Add(tokens / seconds);

            seconds = 0;
            tokens = 0;
            do
            {
                var clock = new TokenClock(decodeTokens + 1);
                Time(() => engine.Generate([new SequenceRequest(shortPrompt, SamplingOptions.Greedy(decodeTokens + 1), 0, clock)], CancellationToken.None));
                seconds += clock.Seconds;
                tokens += decodeTokens;
                bestStep = Math.Max(bestStep, 1 / clock.ShortestStepSeconds);
            }
            while (seconds < 0.25);
            decode.Add(tokens / seconds);

            // BatchSize sequences decoded together: from the last first token (all prefills done) to the last token.
            var clocks = Enumerable.Range(0, BatchSize).Select(_ => new TokenClock(decodeTokens + 1)).ToArray();
            var requests = clocks.Select((c, i) => new SequenceRequest(prompt[i..(i + 16)], SamplingOptions.Greedy(decodeTokens + 1), 0, c)).ToArray();
            Time(() => engine.Generate(requests, CancellationToken.None));
            var window = Stopwatch.GetElapsedTime(clocks.Max(c => c.First), clocks.Max(c => c.Last)).TotalSeconds;
            batched.Add(BatchSize * decodeTokens / window);
        }

        return (Median(prefill), Median(decode), bestStep, Median(batched));
    }

    /// <summary>Runs tools/fixtures/torch_bench.py; returns null figures and a note when it fails.</summary>
    public static async Task<(double? Prefill, double? Decode, string? Note)> RunTorchAsync(
        EngineBenchOptions o, string directory, CancellationToken cancellationToken)
    {
        if (o.Python is null)
        {
            return (null, null, "skipped (--python none)");
        }

        var psi = new ProcessStartInfo(o.Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in new[]
                 {
                     o.TorchScript, "--model", directory, "--threads", o.Threads.ToString(), "--prompt-tokens", o.PromptTokens.ToString(),
                     "--decode-tokens", o.DecodeTokens.ToString(), "--runs", o.Runs.ToString(), "--backend", o.TorchBackend,
                 })
        {
            psi.ArgumentList.Add(a);
        }

        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {o.Python}");
        var stdout = p.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = p.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await p.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            throw;
        }

        if (p.ExitCode != 0)
        {
            var err = (await stderr).Trim().Split('\n').LastOrDefault() ?? "";
            return (null, null, $"torch baseline failed (exit {p.ExitCode}): {err}");
        }

        var line = (await stdout).Trim().Split('\n').Last();
        using var doc = JsonDocument.Parse(line);
        return (doc.RootElement.GetProperty("prefill_tok_s").GetDouble(), doc.RootElement.GetProperty("decode_tok_s").GetDouble(), null);
    }

    /// <summary>Records when each token was sampled (preallocated); from the first token on, each interval is one decode step.</summary>
    private sealed class TokenClock(int capacity) : ITokenObserver
    {
        private readonly long[] _stamps = new long[capacity];
        private int _count;

        public long First => _stamps[0];

        public long Last => _stamps[Math.Max(0, _count - 1)];

        public double Seconds => Stopwatch.GetElapsedTime(First, Last).TotalSeconds;

        public double ShortestStepSeconds
        {
            get
            {
                var best = double.MaxValue;
                for (var i = 1; i < _count; i++)
                {
                    best = Math.Min(best, Stopwatch.GetElapsedTime(_stamps[i - 1], _stamps[i]).TotalSeconds);
                }

                return best;
            }
        }

        public bool OnToken(int token)
        {
            if (_count < _stamps.Length)
            {
                _stamps[_count++] = Stopwatch.GetTimestamp();
            }

            return false;
        }
    }

    private static double Median(List<double> xs)
    {
        xs.Sort();
        return xs.Count % 2 == 1 ? xs[xs.Count / 2] : (xs[xs.Count / 2 - 1] + xs[xs.Count / 2]) / 2;
    }
}
