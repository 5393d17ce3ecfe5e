using System.Diagnostics;
using System.Text.Json;

namespace Mario.Tool.Tests.Sandbox;

/// <summary>Runs the built <c>mario</c> as a process, as a user would (exit codes, stdout JSON, stderr messages).</summary>
public sealed class SandboxCommandTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("mario-cli-sandbox-").FullName;

    [SandboxCliFact]
    public async Task SandboxRun_TwoCells_PrintsTheLastCellsResultAsJson()
    {
        var first = Write("define.py", "x = 2\nprint('discarded')\n");
        var second = Write("use.py", "print(x * 21)\n0.1 + 0.2\n");

        var (code, stdout, stderr) = await Mario("sandbox", "run", first, second, "--unsafe-sandbox");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal("42\n0.30000000000000004\n", root.GetProperty("stdout").GetString());
        Assert.Equal(JsonValueKind.Null, root.GetProperty("error").ValueKind);
        Assert.False(root.GetProperty("timed_out").GetBoolean());
        Assert.Equal("42\n0.30000000000000004", root.GetProperty("observation").GetProperty("super_mario").GetString());
    }

    [SandboxCliFact]
    public async Task SandboxRun_FailingCell_ExitsZeroWithTheError()
    {
        var cell = Write("fail.py", "1/0\n");

        var (code, stdout, stderr) = await Mario("sandbox", "run", cell, "--unsafe-sandbox", "--timeout", "5");

        Assert.True(code == 0, stderr);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal("ZeroDivisionError", json.RootElement.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal("ZeroDivisionError: division by zero", json.RootElement.GetProperty("observation").GetProperty("rstar").GetString());
    }

    [Theory]
    [InlineData("missing", "file not found")]
    [InlineData("--timeout=0", "--timeout must be between 0.1 and 3600 seconds")]
    public async Task SandboxRun_BadInput_ExitsTwoAndSaysWhy(string argument, string message)
    {
        var cell = Write("ok.py", "print(1)\n");
        string[] args = argument == "missing"
            ? ["sandbox", "run", Path.Combine(dir, "nope.py")]
            : ["sandbox", "run", cell, argument];

        var (code, _, stderr) = await Mario(args);

        Assert.Equal(2, code);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Contains("example:", stderr, StringComparison.Ordinal);
    }

    [SandboxCliFact]
    public async Task SandboxRun_UnknownPython_ExitsFourAndNamesIt()
    {
        var cell = Write("ok.py", "print(1)\n");

        var (code, _, stderr) = await Mario("sandbox", "run", cell, "--python", "/nonexistent/python3");

        Assert.Equal(4, code);
        Assert.Contains("/nonexistent/python3", stderr, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(dir, recursive: true);

    private string Write(string name, string text)
    {
        var path = Path.Combine(dir, name);
        File.WriteAllText(path, text);
        return path;
    }

    private static async Task<(int Code, string Stdout, string Stderr)> Mario(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "mario.dll"));
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }
}
