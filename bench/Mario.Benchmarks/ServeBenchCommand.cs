using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Mario.Inference;
using Mario.Inference.Tokenization;
using Mario.Models;
using Mario.Tool.Cli;
using Mario.Tool.Running;
using Mario.Tool.Serving;

namespace Mario.Benchmarks;

/// <summary>
/// <c>Mario.Benchmarks serve</c>: requests/s and median latency of <c>mario serve</c> on the tiny model over loopback
/// HTTP with 1 and with 16 concurrent clients, side by side with the same calls made in-process (through the same
/// batching wrapper), so the HTTP share is visible. Each client sends its requests one after another.
/// </summary>
public static class ServeBenchCommand
{
    private static readonly Option<int> Requests = new("--requests") { Description = "Requests per measurement (>= 16)", DefaultValueFactory = _ => 128 };
    private static readonly Option<int> MaxTokens = new("--max-tokens") { Description = "max_tokens of each request (1..256)", DefaultValueFactory = _ => 32 };
    private static readonly Option<int> Samples = new("--n") { Description = "n (samples) of each request (1..16)", DefaultValueFactory = _ => 1 };
    private static readonly Option<int> Rounds = new("--rounds") { Description = "Rounds (1..20); the order of HTTP and in-process alternates between rounds", DefaultValueFactory = _ => 3 };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command(
            "serve",
            """
            Measure `mario serve` on the tiny model: requests/s and median latency with 1 and 16 concurrent clients
            over loopback HTTP, and the same calls in-process, in one run. Each request is a seeded sample
            (temperature 1) of --max-tokens tokens from a distinct GSM8K-style prompt; stop "\n\n".

            Examples:
              dotnet run --project bench/Mario.Benchmarks -c Release -- serve
              dotnet run --project bench/Mario.Benchmarks -c Release -- serve --requests 256 --max-tokens 32 --n 4
            """);
        command.Options.Add(Requests);
        command.Options.Add(MaxTokens);
        command.Options.Add(Samples);
        command.Options.Add(Rounds);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var (requests, maxTokens, n, rounds) = (r.GetValue(Requests), r.GetValue(MaxTokens), r.GetValue(Samples), r.GetValue(Rounds));
            if (requests < 16 || maxTokens is < 1 or > 256 || n is < 1 or > 16 || rounds is < 1 or > 20)
            {
                Console.Error.WriteLine("error: expected --requests >= 16, --max-tokens 1..256, --n 1..16, --rounds 1..20; e.g. serve --requests 128 --max-tokens 32");
                return ExitCodes.Usage;
            }

            return await RunAsync(requests, maxTokens, n, rounds, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(int requests, int maxTokens, int n, int rounds, CancellationToken ct)
    {
        var (options, error) = ServeOptions.TryCreate("tiny", null, "127.0.0.1", 0, null, batchWindowMs: 5, maxBatch: 64);
        var (server, failure) = await MarioServer.StartAsync(options!, Console.Error, ct).ConfigureAwait(false);
        if (server is null)
        {
            Console.Error.WriteLine("error: " + (error ?? failure));
            return ExitCodes.Usage;
        }

        await using var _ = server.ConfigureAwait(false);
        using var local = LocalModelLoader.Load(BackendFactory.TinyModelDirectory()!, BpeTokenizer.Load, id: "tiny");
        await using var batching = new BatchingLanguageModel(local.LanguageModel, 64, TimeSpan.FromMilliseconds(5));
        using var http = new HttpClient { BaseAddress = server.Address };
        // The same server as its own process, as a user runs it: no client work competes for its thread pool.
        var (child, childAddress) = await StartChildAsync(ct).ConfigureAwait(false);
        using var childHttp = new HttpClient { BaseAddress = childAddress };
        try
        {
            return await MeasureAllAsync(server, http, childHttp, batching, requests, maxTokens, n, rounds, ct).ConfigureAwait(false);
        }
        finally
        {
            child.Kill();
            await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            child.Dispose();
        }
    }

    private static async Task<int> MeasureAllAsync(
        MarioServer server, HttpClient http, HttpClient childHttp, BatchingLanguageModel batching, int requests, int maxTokens, int n, int rounds, CancellationToken ct)
    {
        Task<int> OverHttp(int i) => Post(http, i);

        Task<int> OverHttpToProcess(int i) => Post(childHttp, i);

        async Task<int> Post(HttpClient client, int i)
        {
            var body = new JsonObject
            {
                ["model"] = "tiny", ["prompt"] = Prompt(i), ["n"] = n, ["max_tokens"] = maxTokens, ["temperature"] = 1.0,
                ["top_p"] = 1.0, ["top_k"] = 0, ["seed"] = i, ["stop"] = "\n\n",
            };
            using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
            using var response = await client.PostAsync("/v1/completions", content, ct).ConfigureAwait(false);
            var answer = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false))!;
            return response.IsSuccessStatusCode
                ? (int)answer["usage"]!["completion_tokens"]!
                : throw new InvalidOperationException($"request {i}: {(int)response.StatusCode} {answer}");
        }

        async Task<int> InProcess(int i)
        {
            var request = new GenerationRequest(Prompt(i), new SamplingOptions(1f, 1f, 0, maxTokens, (ulong)i), ["\n\n"], n);
            var result = await batching.GenerateAsync([request], ct).ConfigureAwait(false);
            return result[0].Sum(c => c.CompletionTokens);
        }

        // Warm-up: JIT, connection pool, caches of the engine's weights.
        await Measure(OverHttp, 8, 4, requests).ConfigureAwait(false);
        await Measure(OverHttpToProcess, 8, 4, requests).ConfigureAwait(false);
        await Measure(InProcess, 8, 4, requests).ConfigureAwait(false);

        Console.WriteLine($"tiny model, {requests} requests per row, n {n}, max_tokens {maxTokens}, {Environment.ProcessorCount} processors");
        Console.WriteLine("| round | path | clients | requests/s | median latency (ms) | p90 latency (ms) | tokens/s | engine calls |");
        Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|");
        for (var round = 1; round <= rounds; round++)
        {
            foreach (var clients in new[] { 1, 16 })
            {
                // Rotate which path goes first, so a load spike on the shared machine does not always hit the same one.
                for (var k = 0; k < 3; k++)
                {
                    var path = (k + round) % 3;
                    var calls = path == 0 ? server.EngineCalls : batching.InnerCalls;
                    var result = await Measure(path switch { 0 => OverHttp, 1 => OverHttpToProcess, _ => InProcess }, requests, clients, 0).ConfigureAwait(false);
                    var made = path switch { 0 => $"{server.EngineCalls - calls}", 1 => "-", _ => $"{batching.InnerCalls - calls}" };
                    Print(round, path switch { 0 => "HTTP, server in the client's process", 1 => "HTTP, `mario serve` process", _ => "in-process (no HTTP)" }, clients, result, made);
                }
            }
        }

        return ExitCodes.Ok;
    }

    private static string Prompt(int i) =>
        $"Question: A baker makes {i + 3} trays of {i % 7 + 2} rolls and sells {i % 5 + 1} trays. How many rolls are left?\nAnswer: Let's think step by step.\n";

    private static async Task<Result> Measure(Func<int, Task<int>> call, int requests, int clients, int offset)
    {
        var latencies = new double[requests];
        var tokens = 0L;
        var next = -1;
        var total = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var watch = Stopwatch.StartNew();
                var made = await call(offset + i).ConfigureAwait(false);
                latencies[i] = watch.Elapsed.TotalMilliseconds;
                Interlocked.Add(ref tokens, made);
            }
        })).ConfigureAwait(false);
        total.Stop();
        Array.Sort(latencies);
        return new Result(requests / total.Elapsed.TotalSeconds, latencies[requests / 2], latencies[(int)(requests * 0.9)], tokens / total.Elapsed.TotalSeconds);
    }

    private static async Task<(Process Child, Uri Address)> StartChildAsync(CancellationToken ct)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "mario.dll"), "serve", "--model", "tiny", "--port", "0" })
        {
            info.ArgumentList.Add(arg);
        }

        var child = Process.Start(info)!;
        _ = child.StandardOutput.ReadToEndAsync(ct);
        var line = await child.StandardError.ReadLineAsync(ct).ConfigureAwait(false) ?? "";
        if (!line.StartsWith("listening on ", StringComparison.Ordinal))
        {
            child.Kill();
            throw new InvalidOperationException("mario serve did not start: " + line);
        }

        _ = child.StandardError.ReadToEndAsync(ct);
        return (child, new Uri(line["listening on ".Length..]));
    }

    private static void Print(int round, string path, int clients, Result r, string engineCalls) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {round} | {path} | {clients} | {r.PerSecond:F1} | {r.Median:F1} | {r.P90:F1} | {r.TokensPerSecond:F0} | {engineCalls} |"));

    private sealed record Result(double PerSecond, double Median, double P90, double TokensPerSecond);
}
