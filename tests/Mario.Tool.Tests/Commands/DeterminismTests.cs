using Mario.Testing;
using Mario.Tool.Cli;
using Mario.Tool.Commands;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Commands;

/// <summary>
/// The same seed gives the same run files on an idle machine and under full load: no wall-clock time decides a
/// result (the checker's budget is counted work, sampling is seeded per problem, the clock is injected).
/// </summary>
[Collection(SoloCollection.Name)]
public sealed class DeterminismTests
{
    [Fact]
    public async Task Eval_SameSeed_BesideACpuHog_GivesByteIdenticalSamples()
    {
        // The embedded model through the real engine, sandbox and checker, on three strategies; once on a quiet
        // machine, once while every core is kept busy by spinning threads.
        using var temp = new TempDirectory();
        async Task<List<string>> RunAsync(string name)
        {
            var output = temp.Combine(name);
            var run = await CliRun.InvokeAsync(new FixedTimeProvider(), "eval", "--limit", "8", "--seed", "5",
                "--strategy", "greedy,maj@3,beam(2,3)", "-o", output);
            Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
            return Directory.GetDirectories(output).Order(StringComparer.Ordinal)
                .Select(d => File.ReadAllText(Path.Combine(d, "samples.jsonl"))).ToList();
        }

        var quiet = await RunAsync("quiet");
        List<string> loaded;
        using (var hog = new CpuHog(2 * Environment.ProcessorCount))
        {
            loaded = await RunAsync("loaded");
        }

        Assert.Equal(3, quiet.Count);
        Assert.All(quiet, samples => Assert.Equal(8, samples.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length));
        Assert.Equal(quiet, loaded);
    }

    /// <summary>Threads that spin until disposed, so the run competes for every core.</summary>
    private sealed class CpuHog : IDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Thread> _threads = [];

        public CpuHog(int threads)
        {
            for (var i = 0; i < threads; i++)
            {
                var thread = new Thread(() =>
                {
                    var x = 1.0;
                    while (!_stop.IsCancellationRequested)
                    {
                        for (var k = 0; k < 100_000; k++)
                        {
                            x = Math.Sqrt(x + k);
                        }
                    }

                    GC.KeepAlive(x);
                }) { IsBackground = true, Priority = ThreadPriority.Normal };
                thread.Start();
                _threads.Add(thread);
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            foreach (var thread in _threads)
            {
                thread.Join();
            }

            _stop.Dispose();
        }
    }
}
