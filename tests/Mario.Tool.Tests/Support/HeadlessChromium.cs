using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Mario.Tool.Tests.Support;

/// <summary>
/// Debian's <c>chromium</c>, headless, driven over the DevTools protocol (a websocket on loopback): opens a page,
/// collects console errors, uncaught exceptions and failed loads, evaluates an expression and takes a screenshot.
/// </summary>
internal sealed partial class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ClientWebSocket _socket = new();
    private readonly TempDirectory _profile;
    private readonly List<string> _errors = [];
    private readonly Dictionary<int, TaskCompletionSource<JsonObject>> _pending = [];
    private readonly Lock _gate = new();
    private readonly Task _receiver;
    private readonly CancellationTokenSource _stop = new();
    private TaskCompletionSource _loaded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _nextId;

    private HeadlessChromium(Process process, TempDirectory profile, Uri page)
    {
        _process = process;
        _profile = profile;
        _socket.ConnectAsync(page, CancellationToken.None).GetAwaiter().GetResult();
        _receiver = Task.Run(ReceiveAsync);
    }

    /// <summary>The chromium binary, or null when none is installed.</summary>
    public static string? Binary { get; } = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);

    /// <summary>Console errors, uncaught exceptions and error log entries (failed loads, refused content) so far.</summary>
    public IReadOnlyList<string> Errors
    {
        get
        {
            lock (_gate)
            {
                return [.. _errors];
            }
        }
    }

    /// <summary>Starts chromium and attaches to its first page.</summary>
    public static async Task<HeadlessChromium> StartAsync(CancellationToken cancellationToken)
    {
        var binary = Binary ?? throw new InvalidOperationException("chromium is not installed");
        var profile = new TempDirectory();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", "--disable-extensions", "--remote-debugging-port=0",
            "--user-data-dir=" + profile.Path, "--window-size=1200,1400", "about:blank",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        _ = process.StandardOutput.ReadToEndAsync(cancellationToken);
        // "DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID" on standard error names the port.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        int? port = null;
        while (port is null && await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            if (Listening().Match(line) is { Success: true } match)
            {
                port = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        if (port is null)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException("chromium exited without opening its DevTools port");
        }

        _ = DrainAsync(process.StandardError);
        using var http = new HttpClient();
        var targets = JsonNode.Parse(await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/json/list"), timeout.Token))!.AsArray();
        var page = targets.First(t => (string?)t!["type"] == "page")!;
        return new HeadlessChromium(process, profile, new Uri((string)page["webSocketDebuggerUrl"]!));
    }

    /// <summary>Loads <paramref name="url"/> and waits for its load event.</summary>
    public async Task NavigateAsync(Uri url, CancellationToken cancellationToken)
    {
        await SendAsync("Runtime.enable", null, cancellationToken);
        await SendAsync("Log.enable", null, cancellationToken);
        await SendAsync("Page.enable", null, cancellationToken);
        await SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject { ["width"] = 1200, ["height"] = 1400, ["deviceScaleFactor"] = 1, ["mobile"] = false }, cancellationToken);
        _loaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var result = await SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri }, cancellationToken);
        if (result["errorText"] is { } navigationError)
        {
            throw new InvalidOperationException($"navigation to {url} failed: {navigationError}");
        }

        await _loaded.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
    }

    /// <summary>Evaluates a JavaScript expression in the page and returns its value (returnByValue).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, cancellationToken);
        if (result["exceptionDetails"] is { } exception)
        {
            throw new InvalidOperationException("evaluation failed: " + exception.ToJsonString());
        }

        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>A PNG screenshot of the viewport.</summary>
    public async Task<byte[]> ScreenshotAsync(CancellationToken cancellationToken)
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, cancellationToken);
        return Convert.FromBase64String((string)result["data"]!);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception ex) when (ex is InvalidOperationException or TimeoutException)
        {
            // Already gone.
        }

        _socket.Dispose();
        _process.Dispose();
        _profile.Dispose();
        _stop.Dispose();
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject? parameters, CancellationToken cancellationToken)
    {
        var id = Interlocked.Increment(ref _nextId);
        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            _pending[id] = reply;
        }

        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, true, cancellationToken);
        var answer = await reply.Task.WaitAsync(TimeSpan.FromSeconds(60), cancellationToken);
        if (answer["error"] is { } error)
        {
            throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
        }

        return answer["result"]?.AsObject() ?? new JsonObject();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[1 << 16];
        using var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var part = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (part.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, part.Count);
                if (!part.EndOfMessage)
                {
                    continue;
                }

                var node = JsonNode.Parse(message.ToArray())!.AsObject();
                message.SetLength(0);
                Dispatch(node);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // Closing.
        }
    }

    private void Dispatch(JsonObject node)
    {
        if (node["id"] is { } idNode)
        {
            TaskCompletionSource<JsonObject>? reply;
            lock (_gate)
            {
                _pending.Remove((int)idNode, out reply);
            }

            reply?.TrySetResult(node);
            return;
        }

        var parameters = node["params"];
        var entry = parameters?["entry"];
        switch ((string?)node["method"])
        {
            case "Page.loadEventFired":
                _loaded.TrySetResult();
                break;
            case "Runtime.exceptionThrown":
                AddError("exception: " + Text(parameters?["exceptionDetails"]));
                break;
            case "Runtime.consoleAPICalled" when Text(parameters?["type"]) is "error" or "assert":
                AddError("console." + Text(parameters?["type"]) + ": " + Text(parameters?["args"]));
                break;
            case "Log.entryAdded" when Text(entry?["level"]) == "error":
                AddError("log: " + Text(entry?["text"]) + " " + Text(entry?["url"]));
                break;
        }
    }

    private static string Text(JsonNode? node) => node is null ? "" : node.GetValueKind() == System.Text.Json.JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();

    private void AddError(string error)
    {
        lock (_gate)
        {
            _errors.Add(error);
        }
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        try
        {
            await reader.ReadToEndAsync();
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The process ended.
        }
    }

    [GeneratedRegex(@"DevTools listening on ws://[^:]+:(\d+)/")]
    private static partial Regex Listening();
}
