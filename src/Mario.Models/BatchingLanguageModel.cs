using System.Threading.Channels;

namespace Mario.Models;

/// <summary>
/// A decorator that merges concurrent <see cref="GenerateAsync"/> calls (e.g. from problems searched in parallel)
/// into one call of the inner model, for backends that batch (the CPU engine, a server client). A batch is sent
/// once it holds <c>maxBatchRequests</c> requests or <c>window</c> after its first call arrived. Results are routed
/// back to each caller in order; one call's requests are never split. Sampling seeds travel with each request, so
/// batching does not change what a seeded backend returns.
/// </summary>
public sealed class BatchingLanguageModel : ILanguageModel, IAsyncDisposable
{
    private readonly ILanguageModel _inner;
    private readonly int _maxBatchRequests;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Channel<Pending> _queue = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    /// <summary>Wraps <paramref name="inner"/>.</summary>
    /// <param name="inner">The batching backend.</param>
    /// <param name="maxBatchRequests">Most requests per inner call, at least 1 (a single larger call still goes alone).</param>
    /// <param name="window">How long a batch waits for more calls after its first, 0 to 10 s (default 5 ms).</param>
    /// <param name="time">Clock for the window.</param>
    public BatchingLanguageModel(ILanguageModel inner, int maxBatchRequests = 64, TimeSpan? window = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(inner);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchRequests, 1);
        var delay = window ?? TimeSpan.FromMilliseconds(5);
        if (delay < TimeSpan.Zero || delay > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(window), delay, "The batching window must be between 0 and 10 seconds.");
        }

        _inner = inner;
        _maxBatchRequests = maxBatchRequests;
        _window = delay;
        _time = time ?? TimeProvider.System;
        _loop = Task.Run(LoopAsync);
    }

    /// <inheritdoc />
    public string Id => _inner.Id;

    /// <summary>Number of calls made to the inner model so far.</summary>
    public int InnerCalls { get; private set; }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<IReadOnlyList<Completion>>> GenerateAsync(
        IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        if (requests.Count == 0)
        {
            return [];
        }

        var pending = new Pending(requests, new TaskCompletionSource<IReadOnlyList<IReadOnlyList<Completion>>>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(BatchingLanguageModel));
        }

        // A cancelled caller stops waiting; its requests may still run as part of the batch.
        return await pending.Result.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Stops accepting calls, lets queued calls finish, and ends the batching loop.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }

    private async Task LoopAsync()
    {
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            var batch = new List<Pending>();
            var count = Drain(reader, batch, 0);
            if (count < _maxBatchRequests && _window > TimeSpan.Zero)
            {
                await Task.Delay(_window, _time).ConfigureAwait(false);
                Drain(reader, batch, count);
            }

            await RunAsync(batch).ConfigureAwait(false);
        }
    }

    private int Drain(ChannelReader<Pending> reader, List<Pending> batch, int count)
    {
        while (count < _maxBatchRequests && reader.TryRead(out var next))
        {
            batch.Add(next);
            count += next.Requests.Count;
        }

        return count;
    }

    private async Task RunAsync(List<Pending> batch)
    {
        var all = batch.SelectMany(p => p.Requests).ToList();
        try
        {
            InnerCalls++;
            var outputs = await _inner.GenerateAsync(all, CancellationToken.None).ConfigureAwait(false);
            if (outputs.Count != all.Count)
            {
                throw new InvalidOperationException($"Model '{_inner.Id}' returned {outputs.Count} results for {all.Count} requests.");
            }

            var offset = 0;
            foreach (var pending in batch)
            {
                pending.Result.TrySetResult(outputs.Skip(offset).Take(pending.Requests.Count).ToList());
                offset += pending.Requests.Count;
            }
        }
        catch (Exception e)
        {
            // The backend's failure belongs to every caller in the batch (e.g. unreachable server -> exit code 3).
            foreach (var pending in batch)
            {
                pending.Result.TrySetException(e);
            }
        }
    }

    private sealed record Pending(IReadOnlyList<GenerationRequest> Requests, TaskCompletionSource<IReadOnlyList<IReadOnlyList<Completion>>> Result);
}
