using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mario.Tool.Tests.Support;

/// <summary>
/// A minimal HTTP/1.1 file server on 127.0.0.1 (raw sockets, one request per connection) that serves one body,
/// honours <c>Range: bytes=N-</c> with 206 unless told to ignore it, and can cut the first response short
/// (headers promise the full length, then the connection closes) to simulate an interrupted download.
/// </summary>
internal sealed class LoopbackFileServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly List<string?> _ranges = [];
    private int _cutFirstResponseAfter;

    public LoopbackFileServer(byte[] body, int cutFirstResponseAfter = -1, bool ignoreRange = false)
    {
        Body = body;
        _cutFirstResponseAfter = cutFirstResponseAfter;
        IgnoreRange = ignoreRange;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    public byte[] Body { get; }

    public bool IgnoreRange { get; }

    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/data/source.jsonl";

    /// <summary>The Range header of each request received (null when absent), in order.</summary>
    public IReadOnlyList<string?> Ranges
    {
        get
        {
            lock (_ranges)
            {
                return _ranges.ToList();
            }
        }
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }

            using (client)
            {
                await ServeAsync(client);
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var stream = client.GetStream();
        var header = new StringBuilder();
        var buffer = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(buffer) == 1)
        {
            header.Append((char)buffer[0]);
        }

        var range = header.ToString().Split("\r\n").FirstOrDefault(l => l.StartsWith("Range:", StringComparison.OrdinalIgnoreCase))?[6..].Trim();
        lock (_ranges)
        {
            _ranges.Add(range);
        }

        long from = 0;
        if (!IgnoreRange && range is not null && range.StartsWith("bytes=", StringComparison.Ordinal) && range.EndsWith('-'))
        {
            from = long.Parse(range[6..^1]);
        }

        var length = Body.Length - from;
        var status = from > 0 ? "206 Partial Content" : "200 OK";
        var head = $"HTTP/1.1 {status}\r\nContent-Type: application/octet-stream\r\nContent-Length: {length}\r\n"
            + (from > 0 ? $"Content-Range: bytes {from}-{Body.Length - 1}/{Body.Length}\r\n" : "")
            + "Accept-Ranges: bytes\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        var cut = Interlocked.Exchange(ref _cutFirstResponseAfter, -1);
        if (cut >= 0)
        {
            await stream.WriteAsync(Body.AsMemory((int)from, cut));
            await stream.FlushAsync();
            // Close while the Content-Length promised more: the client sees the body end early.
            return;
        }

        await stream.WriteAsync(Body.AsMemory((int)from));
        await stream.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
