using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Mario.Testing.Http;

/// <summary>
/// A fault-injecting HTTP/1.1 proxy on 127.0.0.1 with real sockets, in front of a real upstream server: each request
/// takes the next queued <see cref="ProxyFault"/> (none queued: pass) and the proxy resets connections, truncates
/// bodies, answers 429/5xx, delays, or goes away and comes back on the same port. Bounded: it only serves what its
/// clients send and stops when disposed.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly IPEndPoint _upstream;
    private readonly ConcurrentQueue<ProxyFault> _faults = new();
    private readonly ConcurrentDictionary<TcpClient, byte> _clients = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private TcpListener _listener;
    private Task _accept;
    private int _requests;
    private int _injected;

    private FaultProxy(IPEndPoint upstream)
    {
        _upstream = upstream;
        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _accept = AcceptLoopAsync(_listener);
    }

    /// <summary>The proxy's port on 127.0.0.1.</summary>
    public int Port { get; }

    /// <summary>The proxy's base URL.</summary>
    public string Url => $"http://127.0.0.1:{Port}";

    /// <summary>Requests received (faulted or not).</summary>
    public int Requests => Volatile.Read(ref _requests);

    /// <summary>Faults injected so far.</summary>
    public int Injected => Volatile.Read(ref _injected);

    /// <summary>Starts a proxy in front of <paramref name="upstreamUrl"/> (an http://127.0.0.1:PORT URL).</summary>
    public static FaultProxy Start(string upstreamUrl)
    {
        var uri = new Uri(upstreamUrl);
        return new FaultProxy(new IPEndPoint(IPAddress.Loopback, uri.Port));
    }

    /// <summary>Queues faults for the next requests, in order.</summary>
    public void Enqueue(params ProxyFault[] faults)
    {
        ArgumentNullException.ThrowIfNull(faults);
        foreach (var fault in faults)
        {
            _faults.Enqueue(fault);
        }
    }

    /// <summary>Stops the proxy and closes every connection.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync().ConfigureAwait(false);
        lock (_gate)
        {
            _listener.Stop();
        }

        foreach (var client in _clients.Keys)
        {
            client.Dispose();
        }

        try
        {
            await _accept.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is ObjectDisposedException or SocketException or OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task AcceptLoopAsync(TcpListener listener)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is ObjectDisposedException or SocketException or OperationCanceledException or InvalidOperationException)
            {
                return;
            }

            _clients[client] = 0;
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        try
        {
            using (client)
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                while (!_stop.IsCancellationRequested)
                {
                    var request = await HttpMessage.ReadAsync(stream, isResponse: false, _stop.Token).ConfigureAwait(false);
                    if (request is null)
                    {
                        return;
                    }

                    Interlocked.Increment(ref _requests);
                    var fault = _faults.TryDequeue(out var next) ? next : ProxyFault.Pass;
                    if (fault.Kind != ProxyFaultKind.Pass)
                    {
                        Interlocked.Increment(ref _injected);
                    }

                    switch (fault.Kind)
                    {
                        case ProxyFaultKind.Reset:
                            client.Client.LingerState = new LingerOption(true, 0);
                            return;
                        case ProxyFaultKind.Outage:
                            client.Client.LingerState = new LingerOption(true, 0);
                            _ = OutageAsync(fault.Duration);
                            return;
                        case ProxyFaultKind.Status:
                            var text = Encoding.UTF8.GetBytes($"{{\"error\":{{\"message\":\"injected {fault.Status}\"}}}}");
                            var head = $"HTTP/1.1 {fault.Status} Injected\r\nContent-Type: application/json\r\nContent-Length: {text.Length}\r\n{(fault.Status == 429 ? "Retry-After: 0\r\n" : "")}\r\n";
                            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), _stop.Token).ConfigureAwait(false);
                            await stream.WriteAsync(text, _stop.Token).ConfigureAwait(false);
                            continue;
                        case ProxyFaultKind.Delay:
                            await Task.Delay(fault.Duration, _stop.Token).ConfigureAwait(false);
                            break;
                    }

                    var response = await ForwardAsync(request, _stop.Token).ConfigureAwait(false);
                    switch (fault.Kind)
                    {
                        case ProxyFaultKind.Truncate:
                            await stream.WriteAsync(response.Head(response.Body.Length), _stop.Token).ConfigureAwait(false);
                            await stream.WriteAsync(response.Body.AsMemory(0, response.Body.Length / 2), _stop.Token).ConfigureAwait(false);
                            return;
                        case ProxyFaultKind.Malformed:
                            var cut = response.Body.AsMemory(0, Math.Max(1, response.Body.Length / 3)).ToArray();
                            await stream.WriteAsync(response.Head(cut.Length), _stop.Token).ConfigureAwait(false);
                            await stream.WriteAsync(cut, _stop.Token).ConfigureAwait(false);
                            continue;
                        default:
                            await stream.WriteAsync(response.Head(response.Body.Length), _stop.Token).ConfigureAwait(false);
                            await stream.WriteAsync(response.Body, _stop.Token).ConfigureAwait(false);
                            continue;
                    }
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            // The client went away or the proxy stopped.
        }
        finally
        {
            _clients.TryRemove(client, out _);
        }
    }

    private async Task<HttpMessage> ForwardAsync(HttpMessage request, CancellationToken cancellationToken)
    {
        using var upstream = new TcpClient { NoDelay = true };
        await upstream.ConnectAsync(_upstream, cancellationToken).ConfigureAwait(false);
        var stream = upstream.GetStream();
        await stream.WriteAsync(request.Head(request.Body.Length), cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(request.Body, cancellationToken).ConfigureAwait(false);
        return await HttpMessage.ReadAsync(stream, isResponse: true, cancellationToken).ConfigureAwait(false)
            ?? throw new IOException("upstream closed without a response");
    }

    private async Task OutageAsync(TimeSpan duration)
    {
        lock (_gate)
        {
            _listener.Stop();
        }

        foreach (var client in _clients.Keys)
        {
            client.Client.LingerState = new LingerOption(true, 0);
            client.Dispose();
        }

        await Task.Delay(duration).ConfigureAwait(false);
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        lock (_gate)
        {
            _listener = new TcpListener(IPAddress.Loopback, Port);
            _listener.Server.SetSocketOption(SocketOptionLevel.Socket, SocketOptionName.ReuseAddress, true);
            _listener.Start();
            _accept = AcceptLoopAsync(_listener);
        }
    }

    /// <summary>One HTTP/1.1 message: its start line and headers (framing headers dropped) and its whole body.</summary>
    private sealed record HttpMessage(string StartLine, IReadOnlyList<string> Headers, byte[] Body)
    {
        public byte[] Head(int length)
        {
            var text = new StringBuilder(StartLine).Append("\r\n");
            foreach (var header in Headers)
            {
                text.Append(header).Append("\r\n");
            }

            text.Append("Content-Length: ").Append(length.ToString(CultureInfo.InvariantCulture)).Append("\r\n\r\n");
            return Encoding.ASCII.GetBytes(text.ToString());
        }

        public static async Task<HttpMessage?> ReadAsync(Stream stream, bool isResponse, CancellationToken cancellationToken)
        {
            var head = await ReadLineBlockAsync(stream, cancellationToken).ConfigureAwait(false);
            if (head is null)
            {
                return null;
            }

            var lines = head.Split("\r\n");
            var headers = new List<string>();
            var length = 0;
            var chunked = false;
            foreach (var line in lines.Skip(1))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                var name = colon > 0 ? line[..colon].Trim() : line;
                var value = colon > 0 ? line[(colon + 1)..].Trim() : "";
                if (name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                {
                    length = int.Parse(value, CultureInfo.InvariantCulture);
                }
                else if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    chunked = value.Contains("chunked", StringComparison.OrdinalIgnoreCase);
                }
                else if (!(isResponse && name.Equals("Connection", StringComparison.OrdinalIgnoreCase)))
                {
                    headers.Add(line);
                }
            }

            byte[] body;
            if (chunked)
            {
                using var all = new MemoryStream();
                while (true)
                {
                    var sizeLine = await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false) ?? throw new IOException("cut inside a chunked body");
                    var size = int.Parse(sizeLine.Split(';')[0].Trim(), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
                    if (size == 0)
                    {
                        await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
                        break;
                    }

                    var chunk = new byte[size];
                    await stream.ReadExactlyAsync(chunk, cancellationToken).ConfigureAwait(false);
                    all.Write(chunk);
                    await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
                }

                body = all.ToArray();
            }
            else
            {
                body = new byte[length];
                await stream.ReadExactlyAsync(body, cancellationToken).ConfigureAwait(false);
            }

            return new HttpMessage(lines[0], headers, body);
        }

        private static async Task<string?> ReadLineBlockAsync(Stream stream, CancellationToken cancellationToken)
        {
            var text = new StringBuilder();
            while (true)
            {
                var line = await ReadLineAsync(stream, cancellationToken).ConfigureAwait(false);
                if (line is null)
                {
                    return text.Length == 0 ? null : throw new IOException("cut inside headers");
                }

                if (line.Length == 0)
                {
                    return text.ToString().TrimEnd('\r', '\n');
                }

                text.Append(line).Append("\r\n");
            }
        }

        private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
        {
            var bytes = new List<byte>(64);
            var one = new byte[1];
            while (true)
            {
                var read = await stream.ReadAsync(one, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    return bytes.Count == 0 ? null : Encoding.ASCII.GetString([.. bytes]);
                }

                if (one[0] == '\n')
                {
                    return Encoding.ASCII.GetString([.. bytes]).TrimEnd('\r');
                }

                bytes.Add(one[0]);
            }
        }
    }
}
