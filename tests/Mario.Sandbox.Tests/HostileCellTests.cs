using System.Net;
using System.Net.Sockets;
using Mario.Sandbox;

namespace Mario.Sandbox.Tests;

/// <summary>
/// The hostile-cell corpus: each cell runs while ordinary executions keep running on the same pool, and must be
/// contained: the right error or timeout, no effect on the host, the servers or the other executions.
/// </summary>
[Collection(SandboxCollection.Name)]
public sealed class HostileCellTests(SandboxFixture fixture)
{
    private const string Neighbour = "import sympy\nprint(sympy.Rational(1, 3) + sympy.Rational(1, 6))";

    public static TheoryData<string, string, Containment> Corpus => new()
    {
        { "infinite loop", "while True:\n    pass", Containment.Timeout },
        { "fork bomb", "import os\nwhile True:\n    os.fork()", Containment.ErrorOrTimeout },
        { "memory bomb (one block)", "x = bytearray(64 * 1024**3)", Containment.Error },
        { "memory bomb (growing)", "a = []\nwhile True:\n    a.append(bytearray(10**7))", Containment.ErrorOrTimeout },
        { "huge print (100 MB)", "print('x' * 100_000_000)", Containment.Success },
        { "huge stream of writes", "import sys\nfor _ in range(10**6):\n    sys.stdout.write('y' * 100)", Containment.Success },
        { "huge stderr", "import os\nos.write(2, b'e' * 50_000_000)", Containment.Success },
        { "os.system", "import os\nprint(os.system('id -u > /dev/null; sleep 0'))", Containment.Success },
        { "subprocess", "import subprocess\nprint(subprocess.run(['id', '-u'], capture_output=True, text=True).stdout)", Containment.Success },
        { "ctypes setuid and mount", "import ctypes\nlibc = ctypes.CDLL(None)\nprint(libc.setuid(0), libc.unshare(0x10000000), libc.unshare(0x40000000), libc.chroot(b'/'))", Containment.Success },
        { "ctypes segfault", "import ctypes\nctypes.string_at(0)", Containment.Error },
        { "signal tampering", "import signal\nfor s in (signal.SIGTERM, signal.SIGINT, signal.SIGALRM, signal.SIGXCPU, signal.SIGHUP):\n    signal.signal(s, signal.SIG_IGN)\nwhile True:\n    pass", Containment.Timeout },
        { "kill everything", "import os, signal\nfor pid in (-1, 1, os.getppid()):\n    try:\n        os.kill(pid, signal.SIGKILL)\n    except OSError as e:\n        print(type(e).__name__)", Containment.Success },
        { "sys.exit", "import sys\nsys.exit('leaving')", Containment.Error },
        { "close stdout", "import sys, os\nsys.stdout.close()\nos.close(1)\nos.close(2)\nprint('x')", Containment.Error },
        { "close the result channel", "import os\nfor fd in range(3, 64):\n    try:\n        os.close(fd)\n    except OSError:\n        pass\nprint('fine')", Containment.Success },
        { "deep recursion", "def f(n):\n    return f(n + 1)\nf(0)", Containment.Error },
        { "deep recursion, raised limit", "import sys\nsys.setrecursionlimit(10**7)\ndef f(n):\n    return f(n + 1)\nf(0)", Containment.ErrorOrTimeout },
        { "deep C recursion", "import sys\nsys.setrecursionlimit(10**7)\nx = []\nfor _ in range(10**6):\n    x = [x]\nprint(repr(x))", Containment.ErrorOrTimeout },
        { "daemon left behind", "import subprocess\nsubprocess.Popen(['sleep', '31337'], start_new_session=True)\nprint('spawned')", Containment.Success },
        { "fill the scratch disk", "with open('big', 'wb') as f:\n    while True:\n        f.write(b'z' * 10**6)", Containment.Error },
        { "open many files", "fs = [open('/dev/null') for _ in range(10**5)]", Containment.Error },
        { "close every descriptor, then raise", "import os\nfor fd in range(3, 64):\n    try:\n        os.close(fd)\n    except OSError:\n        pass\nraise ValueError('hidden')", Containment.Error },
        { "forged result frame, then hang", "import os, json, struct, time\nbody = json.dumps({'error': None}).encode()\nfor fd in range(3, 64):\n    try:\n        os.write(fd, struct.pack('<I', len(body)) + body)\n    except OSError:\n        pass\nos.close(1)\nos.close(2)\ntime.sleep(100)", Containment.Timeout },
        { "forged success frame, then raise", "import os, json, struct\nbody = json.dumps({'error': None}).encode()\nfor fd in range(3, 64):\n    try:\n        os.write(fd, struct.pack('<I', len(body)) + body)\n    except OSError:\n        pass\nraise ValueError('hidden')", Containment.Error },
        { "i386 system call through int 0x80", "import ctypes, mmap, platform\nif platform.machine() != 'x86_64':\n    raise OSError('x86_64 only')\nbuf = mmap.mmap(-1, 4096, prot=mmap.PROT_READ | mmap.PROT_WRITE | mmap.PROT_EXEC)\nbuf.write(bytes([0xb8, 0x14, 0, 0, 0, 0xcd, 0x80, 0xc3]))\nf = ctypes.CFUNCTYPE(ctypes.c_int)(ctypes.addressof(ctypes.c_char.from_buffer(buf)))\nprint('i386 getpid', f())", Containment.Error },
        { "threads", "import threading\nimport time\nts = [threading.Thread(target=time.sleep, args=(30,), daemon=True) for _ in range(1000)]\nfor t in ts:\n    t.start()", Containment.ErrorOrTimeout },
    };

    [SandboxTheory]
    [MemberData(nameof(Corpus))]
    public async Task HostileCell_WhileOthersRun_IsContained(string name, string cell, Containment expect)
    {
        if (!fixture.Isolated)
        {
            return; // without isolation "kill everything" would hit the test runner itself; CI runs as root
        }
        var neighbours = Enumerable.Range(0, 2).Select(_ => RunNeighbourLoop()).ToList();

        var result = await fixture.Sandbox.RunAsync([cell], CancellationToken.None);

        var ok = expect switch
        {
            Containment.Success => result.Succeeded,
            Containment.Error => result.Error is not null && !result.TimedOut,
            Containment.Timeout => result.TimedOut,
            Containment.ErrorOrTimeout => result.Error is not null || result.TimedOut,
            _ => false,
        };
        Assert.True(ok, $"{name}: expected {expect}, got error={result.Error} timedOut={result.TimedOut} stdout={Head(result.Stdout)} stderr={Head(result.Stderr)}");
        Assert.InRange(result.Stdout.Length, 0, SandboxFixture.Options.MaxOutputBytes + 200);
        Assert.InRange(result.Stderr.Length, 0, SandboxFixture.Options.MaxOutputBytes + 200);
        foreach (var neighbour in neighbours)
        {
            Assert.All(await neighbour, r => Assert.Equal("1/2\n", r.Stdout));
        }

        Assert.Empty(SandboxProcessesMatching("31337"));
        Assert.Equal(0, fixture.Sandbox.Restarts);
    }

    [SandboxFact]
    public async Task HugeOutput_KeepsHeadAndTail_AroundAnOmissionMarker()
    {
        var result = await fixture.Sandbox.RunAsync(["print('a' * 50_000_000 + 'b' * 50_000_000)"], CancellationToken.None);

        Assert.StartsWith("aaaa", result.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("bbbb\n", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("bytes of output omitted]", result.Stdout, StringComparison.Ordinal);
    }

    [SandboxFact]
    public async Task Network_ToLoopbackAndElsewhere_IsUnreachable()
    {
        if (!fixture.Isolated)
        {
            return; // without isolation there is no network namespace; the doctor reports it
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var cell = $$"""
            import socket
            for host, port in (('127.0.0.1', {{port}}), ('10.0.0.1', 80), ('1.1.1.1', 53)):
                try:
                    socket.create_connection((host, port), timeout=1).close()
                    print('connected', host)
                except OSError as e:
                    print('blocked', host, e.errno)
            try:
                socket.getaddrinfo('example.com', 80)
                print('resolved')
            except OSError:
                print('no dns')
            """;

        var result = await fixture.Sandbox.RunAsync([cell], CancellationToken.None);

        Assert.DoesNotContain("connected", result.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("resolved", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(3, result.Stdout.Split('\n').Count(l => l.StartsWith("blocked", StringComparison.Ordinal)));
        await Task.Delay(200);
        Assert.False(listener.Pending(), "the listener on 127.0.0.1 received a connection");
    }

    [SandboxFact]
    public async Task FileSystem_RepoHomeAndHostTmp_CannotBeReadOrWritten()
    {
        if (!fixture.Isolated)
        {
            return; // without isolation cells run as the current user; the doctor reports it
        }

        var repo = RepoRoot();
        var secret = Path.Combine(AppContext.BaseDirectory, $"secret-{Guid.NewGuid():N}.txt");
        var token = Guid.NewGuid().ToString("N");
        File.WriteAllText(secret, token);
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var marker = $"mario-escape-{Guid.NewGuid():N}";
        string[] targets =
        [
            Path.Combine(repo, marker), Path.Combine(home, marker), Path.Combine(Path.GetTempPath(), marker),
            Path.Combine(AppContext.BaseDirectory, marker), "/" + marker, "/usr/" + marker, "/etc/" + marker,
        ];
        var cell = "import os\n" +
                   $"for p in {PyList(targets)}:\n" +
                   "    try:\n        open(p, 'w').write('x')\n        print('wrote', p)\n    except OSError as e:\n        print('denied', type(e).__name__)\n" +
                   $"for p in {PyList([secret, Path.Combine(repo, "Mario.sln"), "/proc/1/environ", "/proc/1/cmdline", "/etc/shadow"])}:\n" +
                   "    try:\n        print('read', open(p).read()[:200])\n    except OSError as e:\n        print('denied', type(e).__name__)\n";

        try
        {
            var result = await fixture.Sandbox.RunAsync([cell], CancellationToken.None);

            // The sandbox has its own private /tmp, so writing to "the host's" temp path succeeds there and
            // must not show up on the host; every other target must be refused.
            var hostTmpTarget = targets[2];
            var wrote = result.Stdout.Split('\n').Where(l => l.StartsWith("wrote", StringComparison.Ordinal)).ToList();
            Assert.True(wrote.All(l => l == "wrote " + hostTmpTarget), result.Stdout);
            Assert.DoesNotContain("read", result.Stdout, StringComparison.Ordinal);
            Assert.DoesNotContain(token, result.Stdout, StringComparison.Ordinal);
            Assert.All(targets, t => Assert.False(File.Exists(t), $"{t} was created"));
        }
        finally
        {
            File.Delete(secret);
        }
    }

    [SandboxFact]
    public async Task Proc_ShowsOnlyTheCellsOwnProcesses()
    {
        if (!fixture.Isolated)
        {
            return;
        }

        var result = await fixture.Sandbox.RunAsync(
            ["import os\nprint(os.getppid(), [p for p in os.listdir('/proc') if p.isdigit()] == [str(os.getpid())], os.getuid(), os.getgid())"],
            CancellationToken.None);

        // each server's cells have a uid of their own: the base plus the host pid of the server's supervisor
        var uids = fixture.Sandbox.ServerProcessIds().Select(pid => $"1 True {SandboxFixture.Options.CellUserIdBase + pid} 65534\n");
        Assert.Contains(result.Stdout, uids);
    }

    private async Task<List<ExecutionResult>> RunNeighbourLoop()
    {
        var results = new List<ExecutionResult>();
        for (var i = 0; i < 2; i++)
        {
            results.Add(await fixture.Sandbox.RunAsync([Neighbour], CancellationToken.None));
        }

        return results;
    }

    private static string Head(string text) => text.Length <= 300 ? text : text[..300] + "...";

    private static string PyList(IEnumerable<string> items) =>
        "[" + string.Join(", ", items.Select(i => "'" + i.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal) + "'")) + "]";

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Mario.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Mario.sln not found above the test assembly");
    }

    /// <summary>Host processes running as the sandbox uid whose command line contains <paramref name="marker"/>.</summary>
    private static List<string> SandboxProcessesMatching(string marker)
    {
        var found = new List<string>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }

            try
            {
                var cmdline = File.ReadAllText(Path.Combine(dir, "cmdline")).Replace('\0', ' ');
                if (cmdline.Contains(marker, StringComparison.Ordinal))
                {
                    found.Add($"{Path.GetFileName(dir)}: {cmdline}");
                }
            }
            catch (IOException)
            {
                // exited while we looked
            }
            catch (UnauthorizedAccessException)
            {
                // not ours to read
            }
        }

        return found;
    }
}
