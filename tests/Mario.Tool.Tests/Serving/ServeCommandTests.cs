using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Serving;

/// <summary><c>mario serve</c> as a user runs it: a real child process, and its option errors.</summary>
public sealed class ServeCommandTests
{
    [Fact]
    public async Task Serve_AsAProcess_PrintsItsAddress_Answers_AndStopsCleanlyOnSigterm()
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { TestPaths.MarioDll, "serve", "--model", "tiny", "--port", "0" })
        {
            info.ArgumentList.Add(arg);
        }

        using var child = Process.Start(info)!;
        _ = child.StandardOutput.ReadToEndAsync();
        try
        {
            var first = await child.StandardError.ReadLineAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.NotNull(first);
            Assert.Matches(@"^listening on http://127\.0\.0\.1:\d+$", first);
            using var http = new HttpClient { BaseAddress = new Uri(first["listening on ".Length..]) };
            var models = JsonNode.Parse(await http.GetStringAsync("/v1/models"))!;
            Assert.Equal("tiny", (string)models["data"]![0]!["id"]!);
            using var content = new StringContent("""{"model": "tiny", "prompt": "1 + 1 =", "max_tokens": 4, "temperature": 0}""", System.Text.Encoding.UTF8, "application/json");
            using var completion = await http.PostAsync("/v1/completions", content);
            Assert.Equal(HttpStatusCode.OK, completion.StatusCode);
            using var noValue = await http.PostAsync("/pooling", new StringContent("""{"input": "x"}"""));
            Assert.Equal(HttpStatusCode.NotFound, noValue.StatusCode);
            Assert.Contains("--value-model", await noValue.Content.ReadAsStringAsync());

            using (var kill = Process.Start("kill", ["-TERM", child.Id.ToString()]))
            {
                await kill.WaitForExitAsync();
            }

            var rest = await child.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(60));
            await child.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(0, child.ExitCode);
            Assert.Equal("stopped", rest.Trim());
        }
        finally
        {
            if (!child.HasExited)
            {
                child.Kill();
            }
        }
    }

    public static TheoryData<string[], string> BadOptions => new()
    {
        { ["serve"], "--model is required" },
        { ["serve", "--model", "scripted:x.json"], "expected tiny or local:DIR" },
        { ["serve", "--model", "openai:http://127.0.0.1:9/v1#x"], "expected tiny or local:DIR" },
        { ["serve", "--model", "local:/nonexistent/model"], "does not exist" },
        { ["serve", "--model", "tiny", "--host", "example.org"], "--host example.org" },
        { ["serve", "--model", "tiny", "--port", "70000"], "--port 70000" },
        { ["serve", "--model", "tiny", "--batch-window-ms", "-1"], "--batch-window-ms -1" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Serve_BadOption_ExitsTwo_WithOneLineNamingIt(string[] args, string expected)
    {
        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(2, run.ExitCode);
        var line = Assert.Single(run.ErrorLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public async Task Serve_OnAPortInUse_ExitsTwo_NamingTheAddress()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var run = await CliRun.InvokeAsync("serve", "--model", "tiny", "--port", $"{port}");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains($"cannot listen on 127.0.0.1:{port}", Assert.Single(run.ErrorLines));
    }

    [Fact]
    public async Task Serve_Help_ShowsTheRoutesAndExamples()
    {
        var run = await CliRun.InvokeAsync("serve", "--help");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("POST /pooling", run.Output);
        Assert.Contains("dotnet mario serve --model tiny --value-model tiny --port 0", run.Output);
        Assert.Contains("--served-model-name", run.Output);
    }
}
