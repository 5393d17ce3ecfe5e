using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Mario.Tool.Tests.Support;

/// <summary>
/// A real HTTP/1.1 server on 127.0.0.1 (raw sockets, one request per connection, each connection served on its own
/// task) that speaks vLLM's <c>POST /pooling</c> shape through a scripted handler: the handler sees each request's
/// number (from 0, in order of arrival) and body and returns a status and body, optionally cut short after some bytes
/// while the headers promise the whole body. Every request is recorded.
/// </summary>
internal sealed class LoopbackPoolingServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Func<int, string, Reply> _handler;
    private readonly List<(string Path, string Body)> _requests = [];
    private readonly List<Task> _connections = [];
    private readonly Task _loop;

    public LoopbackPoolingServer(Func<int, string, Reply> handler)
    {
        _handler = handler;
        _listener.Start();
        _loop = Task.Run(AcceptLoopAsync);
    }

    /// <summary>The server root, e.g. http://127.0.0.1:41234.</summary>
    public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}";

    /// <summary>Path and body of every request received, in order of arrival.</summary>
    public IReadOnlyList<(string Path, string Body)> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Each request body parsed as JSON, in order of arrival.</summary>
    public IReadOnlyList<JsonObject> Bodies => Requests.Select(r => JsonNode.Parse(r.Body)!.AsObject()).ToList();

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

            lock (_connections)
            {
                _connections.Add(Task.Run(async () =>
                {
                    using (client)
                    {
                        await ServeAsync(client);
                    }
                }));
            }
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        var stream = client.GetStream();
        var header = new StringBuilder();
        var one = new byte[1];
        while (!header.ToString().EndsWith("\r\n\r\n", StringComparison.Ordinal) && await stream.ReadAsync(one) == 1)
        {
            header.Append((char)one[0]);
        }

        var lines = header.ToString().Split("\r\n");
        var path = lines[0].Split(' ').ElementAtOrDefault(1) ?? "";
        var lengthLine = lines.FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
        var length = lengthLine is null ? 0 : int.Parse(lengthLine[15..].Trim());
        var body = new byte[length];
        var read = 0;
        while (read < length)
        {
            var n = await stream.ReadAsync(body.AsMemory(read));
            if (n == 0)
            {
                return;
            }

            read += n;
        }

        var text = Encoding.UTF8.GetString(body);
        int number;
        lock (_requests)
        {
            number = _requests.Count;
            _requests.Add((path, text));
        }

        var reply = _handler(number, text);
        var bytes = Encoding.UTF8.GetBytes(reply.Body);
        var head = $"HTTP/1.1 {reply.Status} {(reply.Status == 200 ? "OK" : "Error")}\r\nContent-Type: application/json\r\n"
            + $"Content-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(bytes.AsMemory(0, reply.CutAfter is { } cut ? Math.Min(cut, bytes.Length) : bytes.Length));
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

        Task[] open;
        lock (_connections)
        {
            open = [.. _connections];
        }

        await Task.WhenAll(open);
        _stop.Dispose();
    }

    /// <summary>A reply: HTTP status, body, and optionally the number of body bytes sent before the connection closes.</summary>
    public sealed record Reply(int Status, string Body, int? CutAfter = null)
    {
        public static Reply Json(JsonNode node) => new(200, node.ToJsonString());
    }
}
