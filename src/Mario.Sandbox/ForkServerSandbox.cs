using System.Diagnostics;
using System.Threading.Channels;

namespace Mario.Sandbox;

/// <summary>
/// The production <see cref="ICodeSandbox"/>: a pool of fork servers (long-lived python3 processes with sympy and
/// numpy preloaded) that fork one isolated child per execution. A server that dies is restarted and the execution
/// retried once, so a crash never fails the run. Thread-safe; dispose to stop the servers.
/// </summary>
public sealed class ForkServerSandbox : ICodeSandbox, IAsyncDisposable
{
    private readonly Channel<Slot> idle = Channel.CreateUnbounded<Slot>();
    private readonly List<Slot> slots = [];
    private int restarts;
    private int disposed;

    private ForkServerSandbox(SandboxOptions options, PythonInterpreter interpreter, ForkServerReady ready)
    {
        Options = options;
        Interpreter = interpreter;
        Isolation = ready.Isolation;
        Packages = ready.Packages;
    }

    /// <summary>The options the pool runs with.</summary>
    public SandboxOptions Options { get; }

    /// <summary>The interpreter the servers run.</summary>
    public PythonInterpreter Interpreter { get; }

    /// <summary>Which isolation features work, measured by the first server's probe cell.</summary>
    public IsolationReport Isolation { get; }

    /// <summary>True when some isolation feature is missing and the pool runs only because of <c>--unsafe-sandbox</c>.</summary>
    public bool IsUnsafe => !Isolation.IsComplete;

    /// <summary>Preloaded module name to version.</summary>
    public IReadOnlyDictionary<string, string> Packages { get; }

    /// <summary>How many fork servers were restarted after dying (0 in a healthy run).</summary>
    public int Restarts => Volatile.Read(ref restarts);

    /// <summary>
    /// Locates the interpreter, starts <see cref="SandboxOptions.PoolSize"/> fork servers and checks isolation.
    /// Throws <see cref="SandboxUnavailableException"/> when no interpreter is found, a server cannot start, or
    /// isolation is incomplete and <see cref="SandboxOptions.AllowUnsafe"/> is off; the message says what is missing.
    /// </summary>
    public static async ValueTask<ForkServerSandbox> StartAsync(SandboxOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Validate();
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid sandbox options: " + string.Join("; ", problems), nameof(options));
        }

        var interpreter = await PythonLocator.LocateAsync(options.PythonPath, null, cancellationToken).ConfigureAwait(false);
        var first = await ForkServer.StartAsync(interpreter, options, cancellationToken).ConfigureAwait(false);
        var ready = first.Ready;
        string? refusal = null;
        if (ready.Errors.Count > 0)
        {
            refusal = $"the fork server ({interpreter.Path}) could not preload its modules:\n  " + string.Join("\n  ", ready.Errors);
        }
        else if (!ready.Isolation.IsComplete && !options.AllowUnsafe)
        {
            refusal = "the sandbox cannot isolate model-written code on this machine; missing:\n" +
                      ready.Isolation.DescribeMissing() +
                      "\nRun mario as root (in a container is fine), or pass --unsafe-sandbox to run cells with only " +
                      "resource limits and a timeout (recorded in the run summary).";
        }

        if (refusal is not null)
        {
            await first.DisposeAsync().ConfigureAwait(false);
            throw new SandboxUnavailableException(refusal, ready.Isolation);
        }

        var sandbox = new ForkServerSandbox(options, interpreter, ready);
        sandbox.AddSlot(first);
        try
        {
            var others = await Task.WhenAll(Enumerable.Range(1, options.PoolSize - 1)
                .Select(_ => ForkServer.StartAsync(interpreter, options, cancellationToken).AsTask())).ConfigureAwait(false);
            foreach (var server in others)
            {
                sandbox.AddSlot(server);
            }
        }
        catch
        {
            await sandbox.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return sandbox;
    }

    /// <inheritdoc />
    public async ValueTask<ExecutionResult> RunAsync(IReadOnlyList<string> cells, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref disposed) != 0, this);
        Slot slot;
        try
        {
            slot = await idle.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ChannelClosedException)
        {
            throw new ObjectDisposedException(nameof(ForkServerSandbox));
        }

        try
        {
            ForkServerFailedException? failure = null;
            var started = Stopwatch.GetTimestamp();
            for (var attempt = 0; attempt < 2; attempt++)
            {
                if (slot.Server is not { IsAlive: true })
                {
                    await RestartAsync(slot, cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    return await slot.Server!.ExecuteAsync(cells, Options.Timeout, Options.EchoLastExpression, cancellationToken)
                        .ConfigureAwait(false);
                }
                catch (ForkServerFailedException ex)
                {
                    failure = ex; // the server is dead: restart it and run the cells again from scratch
                }
            }

            // Two servers died on these cells in a row: report it as this execution's error, keep the run going.
            return new ExecutionResult("", failure!.Message, new ExecutionError("SandboxError", failure.Message), false,
                Stopwatch.GetElapsedTime(started));
        }
        finally
        {
            idle.Writer.TryWrite(slot);
        }
    }

    /// <summary>The operating-system ids of the live fork servers (for diagnostics, CPU accounting and restart tests).</summary>
    public IReadOnlyList<int> ServerProcessIds()
    {
        lock (slots)
        {
            return slots.Where(s => s.Server is { IsAlive: true }).Select(s => s.Server!.ProcessId).ToList();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) != 0)
        {
            return;
        }

        idle.Writer.TryComplete();
        List<Slot> all;
        lock (slots)
        {
            all = [.. slots];
        }

        await Task.WhenAll(all.Where(s => s.Server is not null).Select(s => s.Server!.DisposeAsync().AsTask()))
            .ConfigureAwait(false);
    }

    private void AddSlot(ForkServer server)
    {
        var slot = new Slot { Server = server };
        lock (slots)
        {
            slots.Add(slot);
        }

        idle.Writer.TryWrite(slot);
    }

    private async ValueTask RestartAsync(Slot slot, CancellationToken cancellationToken)
    {
        if (slot.Server is not null)
        {
            await slot.Server.DisposeAsync().ConfigureAwait(false);
            Interlocked.Increment(ref restarts);
        }

        slot.Server = null;
        slot.Server = await ForkServer.StartAsync(Interpreter, Options, cancellationToken).ConfigureAwait(false);
    }

    private sealed class Slot
    {
        public ForkServer? Server { get; set; }
    }
}
