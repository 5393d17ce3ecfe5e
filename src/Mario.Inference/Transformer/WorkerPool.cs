using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Mario.Inference.Transformer;

/// <summary>
/// Persistent worker threads for the forward pass's parallel loops (about 50 per decoded token), cheaper to start
/// than <see cref="Parallel.For(int, int, ParallelOptions, Action{int})"/> (no task, no thread-pool queue): a small matmul
/// (q/k/v is 2 MB in bf16, about 80 µs of reading) otherwise ran partly on the calling thread alone while a pool
/// thread was being scheduled. A worker that has just finished polls briefly before it blocks.
/// The caller takes part; items are handed out one at a time from a shared counter, so a thread the OS has
/// descheduled holds up at most the item it is on. Not reentrant: one <see cref="For"/> at a time.
/// </summary>
internal sealed class WorkerPool : IDisposable
{
    // How long an idle worker polls for new work before it blocks: about the gap between two matmuls of a layer.
    // Longer spins measured slower on the shared development machine (a spinning thread loses its share of the CPU
    // to other processes just when work arrives), so across longer gaps (between decode steps) they are woken instead.
    private static readonly long SpinTicks = Stopwatch.Frequency / 50_000;

    private readonly Thread[] _workers;
    private readonly object _gate = new();

    // High 32 bits: the item count of the current loop; low 32 bits: the next item to hand out. One word, so a thread
    // that takes an item also learns, atomically, whether it belongs to the loop (next < count).
    private long _state;
    private int _done;
    private int _sleepers;
    private volatile bool _stop;
    private Action<int>? _body;
    private ExceptionDispatchInfo? _error;

    /// <summary>Starts <paramref name="threads"/> - 1 workers (the caller of <see cref="For"/> is the last thread).</summary>
    public WorkerPool(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        Threads = threads;
        _workers = new Thread[threads - 1];
        for (var i = 0; i < _workers.Length; i++)
        {
            _workers[i] = new Thread(Work) { IsBackground = true, Name = $"mario-worker-{i + 1}" };
            _workers[i].Start();
        }
    }

    /// <summary>Threads that run a loop, the caller included.</summary>
    public int Threads { get; }

    /// <summary>Runs <paramref name="body"/>(i) for every i in [0, <paramref name="count"/>) and returns when all have finished.</summary>
    /// <exception cref="Exception">The first exception an item threw, rethrown after every item has finished.</exception>
    public void For(int count, Action<int> body)
    {
        if (count <= 0)
        {
            return;
        }

        if (_workers.Length == 0)
        {
            for (var i = 0; i < count; i++)
            {
                body(i);
            }

            return;
        }

        _body = body;
        _done = 0;
        _error = null;

        // The exchange is a full fence: the body is visible before any item is, and the sleeper count read below
        // cannot be stale (a worker registers as a sleeper before its last look at the state).
        Interlocked.Exchange(ref _state, (long)count << 32);
        if (Volatile.Read(ref _sleepers) > 0)
        {
            lock (_gate)
            {
                Monitor.PulseAll(_gate);
            }
        }

        RunItems();
        var spin = default(SpinWait);
        while (Volatile.Read(ref _done) < count)
        {
            spin.SpinOnce(sleep1Threshold: -1);
        }

        _body = null;
        _error?.Throw();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop = true;
        lock (_gate)
        {
            Monitor.PulseAll(_gate);
        }

        foreach (var w in _workers)
        {
            w.Join();
        }
    }

    private static bool HasWork(long state) => (int)state < (int)(state >> 32);

    /// <summary>Takes items until none is left. An item index below the count is always of the current loop, whose body is therefore still set.</summary>
    private void RunItems()
    {
        while (true)
        {
            var s = Interlocked.Increment(ref _state);
            var item = (int)s - 1;
            if (item >= (int)(s >> 32))
            {
                return;
            }

            try
            {
                Volatile.Read(ref _body)!(item);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref _error, ExceptionDispatchInfo.Capture(e), null);
            }

            Interlocked.Increment(ref _done);
        }
    }

    private void Work()
    {
        while (!_stop)
        {
            if (HasWork(Volatile.Read(ref _state)))
            {
                RunItems();
                continue;
            }

            var start = Stopwatch.GetTimestamp();
            while (!_stop && !HasWork(Volatile.Read(ref _state)) && Stopwatch.GetTimestamp() - start < SpinTicks)
            {
                Thread.SpinWait(20);
            }

            if (_stop || HasWork(Volatile.Read(ref _state)))
            {
                continue;
            }

            lock (_gate)
            {
                Interlocked.Increment(ref _sleepers);
                while (!_stop && !HasWork(Volatile.Read(ref _state)))
                {
                    Monitor.Wait(_gate);
                }

                Interlocked.Decrement(ref _sleepers);
            }
        }
    }
}
