using System.Diagnostics;
using System.Globalization;
using Mario.Sandbox;
using Xunit.Abstractions;

namespace Mario.Sandbox.Tests;

/// <summary>A fork server must not outlive the process that started it, even one killed with SIGKILL.</summary>
public sealed class ServerLifetimeTests(ITestOutputHelper output)
{
    // A stand-in for mario: starts a fork server exactly as ForkServer does (python3 -I -c SCRIPT CONFIG, protocol
    // on stdin/stdout), waits for it to be ready, gives it a cell that sleeps, prints the server's pid and waits.
    private const string Host = """
        import json, struct, subprocess, sys, time
        script, config = open(sys.argv[2]).read(), open(sys.argv[3]).read()
        server = subprocess.Popen([sys.argv[1], '-I', '-c', script, config], stdin=subprocess.PIPE,
                                  stdout=subprocess.PIPE, env={'PATH': '/usr/local/bin:/usr/bin:/bin', 'LANG': 'C.UTF-8'})
        head = server.stdout.read(4)
        server.stdout.read(struct.unpack('<I', head)[0])
        job = json.dumps({'cells': ['import time\ntime.sleep(60)'], 'timeout_ms': 30000, 'echo': True}).encode()
        server.stdin.write(struct.pack('<I', len(job)) + job)
        server.stdin.flush()
        print(server.pid, flush=True)
        time.sleep(600)
        """;

    [SandboxFact]
    public async Task Servers_HostKilledWithSigkill_DieWithinASecond()
    {
        var dir = Directory.CreateTempSubdirectory("mario-lifetime-").FullName;
        var tree = new List<int>();
        try
        {
            File.WriteAllText(Path.Combine(dir, "host.py"), Host);
            File.WriteAllText(Path.Combine(dir, "server.py"), ForkServer.ScriptText);
            File.WriteAllText(Path.Combine(dir, "config.json"), ForkServer.ConfigJson(SandboxFixture.Options with { PoolSize = 1 }));
            var python = PythonAvailability.Interpreter!.Path;
            var info = new ProcessStartInfo(python) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var arg in new[] { Path.Combine(dir, "host.py"), python, Path.Combine(dir, "server.py"), Path.Combine(dir, "config.json") })
            {
                info.ArgumentList.Add(arg);
            }

            using var host = Process.Start(info)!;
            using var ready = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var serverPid = int.Parse((await host.StandardOutput.ReadLineAsync(ready.Token))!, CultureInfo.InvariantCulture);
            // the cell is running once the server has a grandchild (outer server, inner server, cell)
            var deadline = Stopwatch.StartNew();
            while ((tree = Descendants(serverPid)).Count < 2 && deadline.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(20);
            }

            tree.Insert(0, serverPid);
            Assert.True(tree.Count >= 3, $"the server and its cell did not start: {string.Join(", ", tree)}");

            host.Kill(entireProcessTree: false); // SIGKILL to the host only, as `kill -9` of mario
            var clock = Stopwatch.StartNew();
            while (tree.Any(IsAlive) && clock.Elapsed < TimeSpan.FromSeconds(5))
            {
                await Task.Delay(10);
            }

            var left = tree.Where(IsAlive).ToList();
            output.WriteLine($"{tree.Count} server processes; all gone {clock.Elapsed.TotalMilliseconds:0} ms after the SIGKILL; left: {string.Join(", ", left)}");
            Assert.Empty(left);
            Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1.5));
        }
        finally
        {
            foreach (var pid in tree.Where(IsAlive))
            {
                try
                {
                    Process.GetProcessById(pid).Kill();
                }
                catch (ArgumentException)
                {
                    // gone
                }
            }

            Directory.Delete(dir, recursive: true);
        }
    }

    /// <summary>Every live process whose parent chain reaches <paramref name="root"/>.</summary>
    private static List<int> Descendants(int root)
    {
        var parents = new Dictionary<int, int>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && Stat(pid) is { } stat)
            {
                parents[pid] = stat.Parent;
            }
        }

        var found = new List<int>();
        var frontier = new Queue<int>([root]);
        while (frontier.Count > 0)
        {
            var current = frontier.Dequeue();
            foreach (var (pid, parent) in parents)
            {
                if (parent == current && !found.Contains(pid))
                {
                    found.Add(pid);
                    frontier.Enqueue(pid);
                }
            }
        }

        return found;
    }

    private static bool IsAlive(int pid) => Stat(pid) is { State: not 'Z' and not 'X' };

    /// <summary>State and parent pid from /proc/PID/stat; null when the process is gone.</summary>
    private static (char State, int Parent)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
            return (fields[0][0], int.Parse(fields[1], CultureInfo.InvariantCulture));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
