using System.Buffers.Binary;
using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Mario.Sandbox;

/// <summary>
/// One long-lived python3 running mario's fork server (Python/forkserver.py). It serves one execution at a time
/// over length-prefixed JSON frames on its stdin/stdout; the pool guarantees that.
/// </summary>
internal sealed class ForkServer : IAsyncDisposable
{
    private const int MaxFrameBytes = 256 << 20;
    private static readonly Lazy<string> Script = new(LoadScript);

    private readonly Process process;
    private readonly Stream input;
    private readonly Stream output;
    private readonly StringBuilder stderrTail = new();
    private ForkServerReady? ready;
    private int dead;

    private ForkServer(Process process)
    {
        this.process = process;
        input = process.StandardInput.BaseStream;
        output = process.StandardOutput.BaseStream;
    }

    /// <summary>What the server reported at startup.</summary>
    public ForkServerReady Ready => ready ?? throw new InvalidOperationException("the fork server has not reported ready yet");

    /// <summary>The operating-system id of the server process (for tests that kill it).</summary>
    public int ProcessId => process.Id;

    /// <summary>False once the server has died or was killed.</summary>
    public bool IsAlive => Volatile.Read(ref dead) == 0 && !process.HasExited;

    /// <summary>Starts a server and waits for its ready report.</summary>
    public static async ValueTask<ForkServer> StartAsync(
        PythonInterpreter interpreter, SandboxOptions options, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(interpreter.Path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // The cells must not see mario's environment (API keys, tokens): start from an empty one.
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        info.Environment["LANG"] = "C.UTF-8";
        info.ArgumentList.Add("-I");
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(Script.Value);
        info.ArgumentList.Add(ConfigJson(options));
        var process = Process.Start(info) ?? throw new SandboxUnavailableException($"cannot start {interpreter.Path}");
        var server = new ForkServer(process);
        server.DrainStderr();
        using var startup = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        startup.CancelAfter(options.StartupTimeout);
        try
        {
            using var doc = await server.ReadFrameAsync(startup.Token).ConfigureAwait(false);
            server.ready = ParseReady(doc.RootElement);
            return server;
        }
        catch (Exception ex) when (ex is ForkServerFailedException or OperationCanceledException or JsonException
                                       or KeyNotFoundException or InvalidOperationException)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            throw new SandboxUnavailableException(
                $"the fork server ({interpreter.Path}) did not start: {ex.Message}\n{server.StderrTail()}", ex);
        }
    }

    /// <summary>
    /// Runs the cells. Throws <see cref="ForkServerFailedException"/> when the server dies or breaks the protocol,
    /// and <see cref="OperationCanceledException"/> (after killing the server) when cancelled.
    /// </summary>
    public async ValueTask<ExecutionResult> ExecuteAsync(
        IReadOnlyList<string> cells, TimeSpan timeout, bool echo, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var request = RequestJson(cells, timeout, echo);
        // The server enforces the deadline itself; this backstop only catches a server that stopped answering.
        using var backstop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        backstop.CancelAfter(timeout + TimeSpan.FromSeconds(10));
        try
        {
            var frame = new byte[4 + request.Length];
            BinaryPrimitives.WriteInt32LittleEndian(frame, request.Length);
            request.CopyTo(frame, 4);
            await input.WriteAsync(frame, backstop.Token).ConfigureAwait(false);
            await input.FlushAsync(backstop.Token).ConfigureAwait(false);
            using var doc = await ReadFrameAsync(backstop.Token).ConfigureAwait(false);
            return ParseResult(doc.RootElement, Stopwatch.GetElapsedTime(started));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            Kill();
            throw;
        }
        catch (OperationCanceledException ex)
        {
            Kill();
            throw new ForkServerFailedException($"the fork server did not answer within {timeout + TimeSpan.FromSeconds(10)}", ex);
        }
        catch (Exception ex) when (ex is IOException or JsonException or KeyNotFoundException or InvalidOperationException
                                       or ObjectDisposedException)
        {
            Kill();
            throw new ForkServerFailedException($"the fork server failed: {ex.Message}. {StderrTail()}", ex);
        }
    }

    /// <summary>Kills the server and, through its death signal, every process in its namespaces.</summary>
    public void Kill()
    {
        Interlocked.Exchange(ref dead, 1);
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            input.Close(); // EOF on stdin: the server kills its spare child and exits
            using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or OperationCanceledException or InvalidOperationException)
        {
            // fall through to Kill
        }

        Kill();
        process.Dispose();
    }

    internal string StderrTail()
    {
        lock (stderrTail)
        {
            return stderrTail.Length == 0 ? "" : "server stderr: " + stderrTail.ToString().Trim();
        }
    }

    private void DrainStderr()
    {
        _ = Task.Run(async () =>
        {
            var buffer = new char[4096];
            var reader = process.StandardError;
            int n;
            while ((n = await reader.ReadAsync(buffer).ConfigureAwait(false)) > 0)
            {
                lock (stderrTail)
                {
                    stderrTail.Append(buffer, 0, n);
                    if (stderrTail.Length > 8192)
                    {
                        stderrTail.Remove(0, stderrTail.Length - 8192);
                    }
                }
            }
        });
    }

    private async ValueTask<JsonDocument> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var header = new byte[4];
        await ReadExactAsync(header, cancellationToken).ConfigureAwait(false);
        var length = BinaryPrimitives.ReadInt32LittleEndian(header);
        if (length is < 0 or > MaxFrameBytes)
        {
            throw new ForkServerFailedException($"the fork server sent a frame of {length} bytes (limit {MaxFrameBytes})");
        }

        var body = new byte[length];
        await ReadExactAsync(body, cancellationToken).ConfigureAwait(false);
        return JsonDocument.Parse(body);
    }

    private async ValueTask ReadExactAsync(byte[] buffer, CancellationToken cancellationToken)
    {
        var offset = 0;
        while (offset < buffer.Length)
        {
            var n = await output.ReadAsync(buffer.AsMemory(offset), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                Interlocked.Exchange(ref dead, 1);
                throw new ForkServerFailedException("the fork server exited (end of its output)");
            }

            offset += n;
        }
    }

    /// <summary>The fork server's source, as passed to <c>python3 -I -c</c> (for tests that start a server themselves).</summary>
    internal static string ScriptText => Script.Value;

    private static string LoadScript()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Mario.Sandbox.forkserver.py")
            ?? throw new InvalidOperationException("the embedded resource Mario.Sandbox.forkserver.py is missing");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    /// <summary>The fork server's configuration (its <c>argv[1]</c>) for these options.</summary>
    internal static string ConfigJson(SandboxOptions options)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("preload");
            foreach (var module in options.Preload)
            {
                w.WriteStringValue(module);
            }

            w.WriteEndArray();
            w.WriteNumber("uid", options.SandboxUserId);
            w.WriteNumber("gid", options.SandboxUserId);
            w.WriteNumber("uid_base", options.CellUserIdBase);
            w.WriteNumber("memory_mib", options.MemoryMiB);
            w.WriteNumber("file_mib", options.MaxFileMiB);
            w.WriteNumber("nofile", options.MaxOpenFiles);
            // The server sets RLIMIT_NPROC from these: with a uid of its own, max_processes + 1 (the cell itself);
            // with a shared uid, also two per server of the pool (its spare and its running child).
            w.WriteNumber("max_processes", options.MaxProcesses);
            w.WriteNumber("pool_size", options.PoolSize);
            w.WriteNumber("scratch_mib", options.ScratchMiB);
            w.WriteNumber("max_output", options.MaxOutputBytes);
            w.WriteNumber("probe_port", 9);
            w.WriteBoolean("warmup", options.WarmUp);
            w.WriteStartArray("hidden_paths");
            foreach (var path in HiddenPaths())
            {
                w.WriteStringValue(path);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Host paths the probe cell must not see: the working dir, home, mario's own files.</summary>
    private static IEnumerable<string> HiddenPaths()
    {
        string[] systemRoots = ["/usr", "/etc", "/bin", "/sbin", "/lib", "/tmp", "/proc", "/dev"];
        var paths = new[]
        {
            Environment.CurrentDirectory, Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
            AppContext.BaseDirectory, "/root", "/home",
        };
        return paths
            .Where(p => !string.IsNullOrEmpty(p))
            .Select(p => Path.TrimEndingDirectorySeparator(Path.GetFullPath(p)))
            .Where(p => p != "/" && !systemRoots.Any(r => p == r || p.StartsWith(r + "/", StringComparison.Ordinal)))
            .Distinct(StringComparer.Ordinal);
    }

    private static byte[] RequestJson(IReadOnlyList<string> cells, TimeSpan timeout, bool echo)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteStartArray("cells");
            foreach (var cell in cells)
            {
                w.WriteStringValue(CellSanitizer.ScrubSurrogates(cell ?? ""));
            }

            w.WriteEndArray();
            w.WriteNumber("timeout_ms", (long)Math.Ceiling(timeout.TotalMilliseconds));
            w.WriteBoolean("echo", echo);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static ForkServerReady ParseReady(JsonElement root)
    {
        if (root.GetProperty("kind").GetString() != "ready")
        {
            throw new InvalidOperationException($"expected a ready frame, got {root.GetRawText()}");
        }

        var packages = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in root.GetProperty("packages").EnumerateObject())
        {
            packages[p.Name] = p.Value.GetString() ?? "";
        }

        var features = new Dictionary<string, (bool, string)>(StringComparer.Ordinal);
        foreach (var f in root.GetProperty("features").EnumerateObject())
        {
            features[f.Name] = (f.Value[0].GetBoolean(), f.Value[1].GetString() ?? "");
        }

        var errors = root.GetProperty("errors").EnumerateArray().Select(e => e.GetString() ?? "").ToList();
        return new ForkServerReady(root.GetProperty("python").GetString() ?? "", packages,
            IsolationReport.FromProbe(features), errors);
    }

    private static ExecutionResult ParseResult(JsonElement root, TimeSpan elapsed)
    {
        if (root.GetProperty("kind").GetString() != "result")
        {
            throw new InvalidOperationException($"expected a result frame, got kind {root.GetProperty("kind")}");
        }

        var error = root.GetProperty("error") is { ValueKind: JsonValueKind.Object } e
            ? new ExecutionError(e.GetProperty("type").GetString() ?? "", e.GetProperty("message").GetString() ?? "")
            : null;
        return new ExecutionResult(
            root.GetProperty("stdout").GetString() ?? "",
            root.GetProperty("stderr").GetString() ?? "",
            error,
            root.GetProperty("timed_out").GetBoolean(),
            elapsed);
    }
}
