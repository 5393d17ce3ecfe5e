using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Mario.Models;
using Mario.Models.Clients;
using Mario.Testing.Http;
using Mario.Tool.Cli;

namespace Mario.Benchmarks;

/// <summary>
/// <c>Mario.Benchmarks http</c>: the HTTP policy client against real loopback servers, side by side in one run:
/// per-call round trip against a server that answers at once (the harness's overhead, server included); wall time at
/// 64 problems in flight against a server taking a fixed time per request (the share that is not the server's);
/// how busy a server with a fixed number of batch slots is kept; one endpoint against two when latency grows with the
/// batch; and a repeated greedy run from the model-call cache.
/// </summary>
public static class HttpBenchCommand
{
    private static readonly Option<int> Calls = new("--calls") { Description = "Sequential calls for the round-trip median (>= 100)", DefaultValueFactory = _ => 3000 };
    private static readonly Option<int> InFlight = new("--in-flight") { Description = "Problems in flight (1..256)", DefaultValueFactory = _ => 64 };
    private static readonly Option<int> ServerMs = new("--server-ms") { Description = "Server time per request in the in-flight case, ms (1..1000)", DefaultValueFactory = _ => 50 };
    private static readonly Option<int> BatchMs = new("--batch-ms") { Description = "In the two-endpoint case, ms a server's latency grows per request in flight (1..100)", DefaultValueFactory = _ => 1 };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command(
            "http",
            """
            Measure the HTTP policy client (OpenAiCompatibleClient) against loopback servers speaking the vLLM wire:
            round trip per call to a server that answers at once (target median <= 1 ms), the client's share of wall
            time at --in-flight problems against a server taking --server-ms per request (target < 5%), how busy a
            server with 32 batch slots is kept (target >= 90%), two endpoints against one when latency grows with
            the batch (target >= 1.8x), and a repeated greedy run answered by the cache (no server call).

            Examples:
              dotnet run --project bench/Mario.Benchmarks -c Release -- http
              dotnet run --project bench/Mario.Benchmarks -c Release -- http --calls 10000 --in-flight 64 --server-ms 50
            """);
        command.Options.Add(Calls);
        command.Options.Add(InFlight);
        command.Options.Add(ServerMs);
        command.Options.Add(BatchMs);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var calls = r.GetValue(Calls);
            var inFlight = r.GetValue(InFlight);
            var serverMs = r.GetValue(ServerMs);
            var batchMs = r.GetValue(BatchMs);
            if (calls < 100 || inFlight is < 1 or > 256 || serverMs is < 1 or > 1000 || batchMs is < 1 or > 100)
            {
                Console.Error.WriteLine($"error: expected --calls >= 100 (got {calls}), --in-flight 1..256 (got {inFlight}), --server-ms 1..1000 (got {serverMs}), --batch-ms 1..100 (got {batchMs})");
                return ExitCodes.Usage;
            }

            await RunAsync(calls, inFlight, serverMs, batchMs, ct).ConfigureAwait(false);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static async Task RunAsync(int calls, int inFlight, int serverMs, int batchMs, CancellationToken ct)
    {
        Console.WriteLine($"http benchmark: {Environment.ProcessorCount} cores, load average {LoadAverage()}");
        var model = new InstantModel();

        // 1. Round trip per call against a server that answers at once.
        await using (var server = await LoopbackModelServer.StartAsync(model))
        {
            using var client = await OpenAiCompatibleClient.ConnectAsync(Options(server.Url), cancellationToken: ct).ConfigureAwait(false);
            var request = new GenerationRequest("Question: what is 6 * 7?\nAnswer:", new SamplingOptions(0f, 1f, 0, 32, 1), ["\n\n"]);
            for (var i = 0; i < 200; i++)
            {
                await client.GenerateAsync([request], ct).ConfigureAwait(false);
            }

            var times = new double[calls];
            for (var i = 0; i < calls; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await client.GenerateAsync([request], ct).ConfigureAwait(false);
                times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }

            Array.Sort(times);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"round trip per call (server answers at once, {calls} sequential calls): median {times[calls / 2]:0.000} ms, p90 {times[calls * 9 / 10]:0.000} ms, p99 {times[calls * 99 / 100]:0.000} ms (target: median <= 1 ms)"));
        }

        // 2. Wall time at N problems in flight against a server that takes a fixed time per request.
        await using (var server = await LoopbackModelServer.StartAsync(model, new LoopbackServerOptions { Latency = _ => TimeSpan.FromMilliseconds(serverMs) }))
        {
            using var client = await OpenAiCompatibleClient.ConnectAsync(Options(server.Url), cancellationToken: ct).ConfigureAwait(false);
            const int perProblem = 20;
            var wall = await InFlightAsync(client, inFlight, perProblem, ct).ConfigureAwait(false);
            var ideal = perProblem * serverMs / 1000.0;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{inFlight} problems in flight x {perProblem} sequential calls, server {serverMs} ms per request: wall {wall:0.000} s, server-bound minimum {ideal:0.000} s, client share {(wall - ideal) / wall * 100:0.0}% of wall time (target < 5%); most in flight at the server {server.MaxInFlight}"));
        }

        // 3. How busy a server with 32 batch slots is kept: each request holds a slot for serverMs.
        var slots = new SemaphoreSlim(32, 32);
        long busyTicks = 0;
        await using (var server = await LoopbackModelServer.StartAsync(new SlottedModel(model, slots, TimeSpan.FromMilliseconds(serverMs), t => Interlocked.Add(ref busyTicks, t))))
        {
            using var client = await OpenAiCompatibleClient.ConnectAsync(Options(server.Url), cancellationToken: ct).ConfigureAwait(false);
            var wall = await InFlightAsync(client, inFlight, 20, ct).ConfigureAwait(false);
            var busy = TimeSpan.FromTicks(Interlocked.Read(ref busyTicks)).TotalSeconds / (32 * wall);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"server with 32 slots of {serverMs} ms, {inFlight} problems in flight: slots busy {busy * 100:0.0}% of wall {wall:0.000} s (target >= 90%)"));
        }

        // 4. Two endpoints against one when a server's latency grows with its batch (2 ms + batchMs per request in flight).
        TimeSpan Growing(int batch) => TimeSpan.FromMilliseconds(2 + (batchMs * batch));
        double one, two;
        await using (var a = await LoopbackModelServer.StartAsync(model, new LoopbackServerOptions { Latency = Growing }))
        await using (var b = await LoopbackModelServer.StartAsync(model, new LoopbackServerOptions { Latency = Growing }))
        {
            using var single = await OpenAiCompatibleClient.ConnectAsync(Options(a.Url), cancellationToken: ct).ConfigureAwait(false);
            one = await InFlightAsync(single, inFlight, 20, ct).ConfigureAwait(false);
            using var pair = await OpenAiCompatibleClient.ConnectAsync(Options(a.Url, b.Url), cancellationToken: ct).ConfigureAwait(false);
            two = await InFlightAsync(pair, inFlight, 20, ct).ConfigureAwait(false);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"latency 2 ms + {batchMs} ms per request in flight, {inFlight} problems x 20 calls: one endpoint {one:0.000} s, two endpoints {two:0.000} s, speed-up {one / two:0.00}x (target >= 1.8x)"));

        // 5. A repeated greedy run from the model-call cache.
        var cacheDir = Path.Combine(Path.GetTempPath(), "mario-bench-cache-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            await using var server = await LoopbackModelServer.StartAsync(model);
            using var client = await OpenAiCompatibleClient.ConnectAsync(Options(server.Url), cancellationToken: ct).ConfigureAwait(false);
            var requests = Enumerable.Range(0, 500).Select(i => new GenerationRequest($"Question {i}: what is {i} + 1?\nAnswer:", new SamplingOptions(0f, 1f, 0, 32, 1), ["\n\n"])).ToList();
            double first, second;
            using (var cache = CachingLanguageModel.Open(client, client.Fingerprint, cacheDir, cacheSampled: false))
            {
                first = await TimeAsync(() => OneByOneAsync(cache, requests, ct)).ConfigureAwait(false);
            }

            var callsBefore = server.GenerationCalls;
            using (var cache = CachingLanguageModel.Open(client, client.Fingerprint, cacheDir, cacheSampled: false))
            {
                second = await TimeAsync(() => OneByOneAsync(cache, requests, ct)).ConfigureAwait(false);
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"greedy run of {requests.Count} requests, then again through the cache: {first * 1000 / requests.Count:0.000} ms then {second * 1000 / requests.Count:0.000} ms per request; server calls {callsBefore} then {server.GenerationCalls - callsBefore}"));
        }
        finally
        {
            Directory.Delete(cacheDir, recursive: true);
        }
    }

    private static OpenAiClientOptions Options(params string[] urls) => new()
    {
        Endpoints = urls.Select(u => new Uri(u)).ToList(),
        Model = "test-model",
    };

    private static async Task<double> InFlightAsync(ILanguageModel client, int problems, int callsPerProblem, CancellationToken ct)
    {
        var start = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, problems), new ParallelOptions { MaxDegreeOfParallelism = problems, CancellationToken = ct }, async (p, token) =>
        {
            for (var i = 0; i < callsPerProblem; i++)
            {
                await client.GenerateAsync([new GenerationRequest($"Problem {p} step {i}", new SamplingOptions(0.7f, 1f, 0, 32, (ulong)i), ["\n\n"], 4)], token).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static async Task OneByOneAsync(ILanguageModel model, IReadOnlyList<GenerationRequest> requests, CancellationToken ct)
    {
        foreach (var request in requests)
        {
            await model.GenerateAsync([request], ct).ConfigureAwait(false);
        }
    }

    private static async Task<double> TimeAsync(Func<Task> action)
    {
        var start = Stopwatch.GetTimestamp();
        await action().ConfigureAwait(false);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";

    /// <summary>A model that answers at once: the server's own time is only HTTP and JSON.</summary>
    private sealed class InstantModel : ILanguageModel
    {
        public string Id => "instant";

        public ValueTask<IReadOnlyList<IReadOnlyList<Completion>>> GenerateAsync(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken) =>
            ValueTask.FromResult<IReadOnlyList<IReadOnlyList<Completion>>>(requests
                .Select(r => (IReadOnlyList<Completion>)Enumerable.Range(0, r.Count).Select(_ => new Completion(" 6 * 7 = 42.", FinishReason.Stop, "\n\n", 12, 7, [-0.1, -0.2, -0.1, -0.05, -0.3, -0.1, -0.01])).ToList())
                .ToList());
    }

    /// <summary>A server model with a fixed number of batch slots, each request holding one for a fixed time.</summary>
    private sealed class SlottedModel(ILanguageModel inner, SemaphoreSlim slots, TimeSpan hold, Action<long> busy) : ILanguageModel
    {
        public string Id => inner.Id;

        public async ValueTask<IReadOnlyList<IReadOnlyList<Completion>>> GenerateAsync(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken)
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var start = Stopwatch.GetTimestamp();
                await Task.Delay(hold, cancellationToken).ConfigureAwait(false);
                busy(Stopwatch.GetElapsedTime(start).Ticks);
                return await inner.GenerateAsync(requests, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                slots.Release();
            }
        }
    }
}
