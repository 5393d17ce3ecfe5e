using Mario.Tool.Runs;

namespace Mario.Tool.Running;

/// <summary>
/// Appends sample lines to <c>samples.jsonl</c>, one complete line per call, flushed to the operating system
/// before returning, so a killed process loses at most the problems still in flight. Safe for concurrent callers.
/// Lines are written by <see cref="RunJson"/>, the one owner of the format.
/// </summary>
public sealed class SampleWriter : IAsyncDisposable
{
    private readonly FileStream _stream;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Opens (creating or appending to) the samples file.</summary>
    public SampleWriter(string path) =>
        _stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.Asynchronous);

    /// <summary>Appends one line and flushes it.</summary>
    public async Task AppendAsync(SampleLine line, CancellationToken cancellationToken)
    {
        var bytes = RunJson.Serialize(line);
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // One write call per line so a line is never interleaved with another.
            await _stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
            await _stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stream.DisposeAsync().ConfigureAwait(false);
        _gate.Dispose();
    }
}
