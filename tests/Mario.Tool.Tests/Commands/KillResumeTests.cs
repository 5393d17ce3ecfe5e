using System.Diagnostics;
using System.Text.Json.Nodes;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Commands;

/// <summary>A real child process running eval is killed with SIGKILL mid-run, then resumed.</summary>
public sealed class KillResumeTests
{
    private const int Limit = 30;

    [Fact]
    public async Task KillNine_ThenResume_YieldsExactlyOneLinePerProblem()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("run");
        var samples = Path.Combine(output, "samples.jsonl");
        var slow = "scripted:" + Path.Combine(TestPaths.TestData, "scripted-slow.json");

        using (var child = Start("eval", "--suite", "gsm8k-test-mini", "--model", slow, "--limit", $"{Limit}", "--concurrency", "2", "-o", output, "--data-dir", TestPaths.ShippedSuites))
        {
            var deadline = DateTime.UtcNow.AddSeconds(120);
            while (CountLines(samples) < 6 && DateTime.UtcNow < deadline && !child.HasExited)
            {
                await Task.Delay(20);
            }

            if (child.HasExited)
            {
                Assert.Fail("the run ended before it could be killed: " + await child.StandardError.ReadToEndAsync());
            }

            child.Kill(entireProcessTree: true); // SIGKILL on Unix: no cleanup runs in the child
            await child.WaitForExitAsync();
        }

        var linesAtKill = CountLines(samples);
        Assert.InRange(linesAtKill, 6, Limit - 1);
        Assert.False(File.Exists(Path.Combine(output, "summary.json")));
        // Simulate the worst case of a kill during a write: a torn last line.
        await File.AppendAllTextAsync(samples, "{\"id\":\"gsm8k-test-0049\",\"gold\":\"1");

        using var resumed = Start("eval", "--resume", output, "--concurrency", "6");
        var stdout = resumed.StandardOutput.ReadToEndAsync();
        var stderr = resumed.StandardError.ReadToEndAsync();
        Assert.True(resumed.WaitForExit(60_000), "resume did not finish");

        Assert.Equal(0, resumed.ExitCode);
        // Progress and warnings go to standard error, the results table to standard output.
        var errorText = await stderr;
        Assert.DoesNotContain("error:", errorText);
        Assert.Contains("already done", errorText);
        Assert.Contains("run folder: ", await stdout);
        var ids = File.ReadAllLines(samples).Select(l => (string)JsonNode.Parse(l)!["id"]!).ToList();
        Assert.Equal(Limit, ids.Count);
        Assert.Equal(Limit, ids.Distinct().Count());
        Assert.Equal(Enumerable.Range(0, Limit).Select(i => $"gsm8k-test-{i:0000}"), ids.Order());
        var summary = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!;
        Assert.Equal(Limit, (int)summary["metrics"]!["n"]!);
        Assert.Equal(0, (int)summary["metrics"]!["missing"]!);
    }

    [Fact]
    public async Task Sigterm_StopsCleanly_WithOneLineSayingHowToResume()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("run");
        var samples = Path.Combine(output, "samples.jsonl");
        var slow = "scripted:" + Path.Combine(TestPaths.TestData, "scripted-slow.json");
        using var child = Start("eval", "--model", slow, "--limit", "30", "--concurrency", "2", "-o", output, "--data-dir", TestPaths.ShippedSuites);
        var stderr = child.StandardError.ReadToEndAsync();
        _ = child.StandardOutput.ReadToEndAsync();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (CountLines(samples) < 2 && DateTime.UtcNow < deadline && !child.HasExited)
        {
            await Task.Delay(20);
        }

        using (var kill = Process.Start("kill", ["-TERM", child.Id.ToString()]))
        {
            await kill.WaitForExitAsync();
        }

        Assert.True(child.WaitForExit(30_000), "the run did not stop after SIGTERM");
        Assert.Equal(1, child.ExitCode);
        // Standard error carries the progress header, then exactly one error line: the last.
        var lines = (await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Single(lines, l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.StartsWith("error: interrupted; finished problems are saved, continue with: dotnet mario eval --resume ", lines[^1]);
        Assert.InRange(CountLines(samples), 2, 29);
    }

    private static Process Start(params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(TestPaths.MarioDll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        return Process.Start(info)!;
    }

    private static int CountLines(string path)
    {
        if (!File.Exists(path))
        {
            return 0;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var count = 0;
        int b;
        while ((b = stream.ReadByte()) >= 0)
        {
            count += b == '\n' ? 1 : 0;
        }

        return count;
    }
}
