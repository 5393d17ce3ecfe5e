using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Mario.Tool.Cli;
using Mario.Tool.Commands;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Commands;

/// <summary>
/// <c>suites pull --from FILE</c> (a file the user downloaded) and <c>pull</c> without a network (a refused
/// connection on 127.0.0.1), with a manifest and source file of the test's own.
/// </summary>
public sealed class SuitesPullFromTests
{
    private static readonly byte[] Source = Encoding.UTF8.GetBytes(
        "{\"question\": \"What is 1+1?\", \"answer\": \"1+1=2\\n#### 2\"}\n{\"question\": \"And 2,000+1?\", \"answer\": \"so\\n#### 2,001\"}\n");

    private static readonly byte[] Normalized = Encoding.UTF8.GetBytes(
        "{\"id\": \"mini-0\", \"question\": \"What is 1+1?\", \"answer\": \"2\", \"solution\": \"1+1=2\", \"orig_answer\": \"1+1=2\\n#### 2\"}\n"
        + "{\"id\": \"mini-1\", \"question\": \"And 2,000+1?\", \"answer\": \"2001\", \"solution\": \"so\", \"orig_answer\": \"so\\n#### 2,001\"}\n");

    [Fact]
    public async Task PullFrom_PinnedSource_IsVerifiedNormalizedAndCached_AndTheUsersFileIsKept()
    {
        using var temp = new TempDirectory();
        await WriteManifestAsync(temp, "http://127.0.0.1:9/never-contacted");
        await File.WriteAllBytesAsync(temp.Combine("test.jsonl"), Source);

        var pull = await CliRun.InvokeAsync("suites", "pull", temp.Combine("mini.json"), "--from", temp.Combine("test.jsonl"), "--cache-dir", temp.Combine("cache"));
        var validate = await CliRun.InvokeAsync("suites", "validate", temp.Combine("mini.json"), "--data-dir", temp.Combine("cache"));

        Assert.Equal(ExitCodes.Ok, pull.ExitCode);
        Assert.Equal("", pull.Error);
        Assert.Equal(Normalized, await File.ReadAllBytesAsync(temp.Combine("cache", "mini.jsonl")));
        Assert.Equal(Source, await File.ReadAllBytesAsync(temp.Combine("test.jsonl")));
        Assert.Equal(ExitCodes.Ok, validate.ExitCode);
    }

    [Fact]
    public async Task PullFrom_NormalizedDataFile_IsVerifiedAndCopied()
    {
        using var temp = new TempDirectory();
        await WriteManifestAsync(temp, "http://127.0.0.1:9/never-contacted");
        await File.WriteAllBytesAsync(temp.Combine("mini-normalized.jsonl"), Normalized);

        var pull = await CliRun.InvokeAsync("suites", "pull", temp.Combine("mini.json"), "--from", temp.Combine("mini-normalized.jsonl"), "--cache-dir", temp.Combine("cache"));

        Assert.Equal(ExitCodes.Ok, pull.ExitCode);
        Assert.Equal(Normalized, await File.ReadAllBytesAsync(temp.Combine("cache", "mini.jsonl")));
    }

    [Theory]
    [InlineData("wrong-sha", "is not the pinned one")]
    [InlineData("missing", "file not found")]
    public async Task PullFrom_WrongShaOrMissingFile_OneErrorLineNamingTheFile_Exit2_NothingKept(string fileName, string expected)
    {
        using var temp = new TempDirectory();
        await WriteManifestAsync(temp, "http://127.0.0.1:9/never-contacted");
        var tampered = Source.ToArray();
        tampered[10] ^= 0x01;
        await File.WriteAllBytesAsync(temp.Combine("wrong-sha"), tampered);

        var pull = await CliRun.InvokeAsync("suites", "pull", temp.Combine("mini.json"), "--from", temp.Combine(fileName), "--cache-dir", temp.Combine("cache"));

        Assert.Equal(ExitCodes.Usage, pull.ExitCode);
        var line = Assert.Single(pull.ErrorLines);
        Assert.StartsWith("error: " + temp.Combine(fileName) + ": ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.Contains(Sha(Source), line, StringComparison.Ordinal);
        Assert.False(File.Exists(temp.Combine("cache", "mini.jsonl")));
    }

    [Fact]
    public async Task PullFrom_WithTwoSuites_IsAUsageError()
    {
        using var temp = new TempDirectory();

        var pull = await CliRun.InvokeAsync("suites", "pull", "gsm8k-test-mini", "math500-mini", "--from", temp.Combine("x.jsonl"), "--cache-dir", temp.Combine("cache"));

        Assert.Equal(ExitCodes.Usage, pull.ExitCode);
        Assert.Contains("--from imports one file into one suite", Assert.Single(pull.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pull_WithoutANetwork_FailsAtOnce_WithOneLineNamingFrom_Exit2()
    {
        using var temp = new TempDirectory();
        await WriteManifestAsync(temp, $"http://127.0.0.1:{ClosedPort()}/grade_school_math/data/test.jsonl");
        var clock = Stopwatch.StartNew();

        var pull = await CliRun.InvokeAsync("suites", "pull", temp.Combine("mini.json"), "--cache-dir", temp.Combine("cache"));

        clock.Stop();
        Assert.Equal(ExitCodes.Usage, pull.ExitCode);
        var line = Assert.Single(pull.ErrorLines);
        Assert.StartsWith("error: cannot reach 127.0.0.1 (", line, StringComparison.Ordinal);
        Assert.Contains("dotnet mario suites pull mini --from FILE", line, StringComparison.Ordinal);
        Assert.DoesNotContain("interrupt", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("interrupted", pull.Output, StringComparison.Ordinal);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Empty(Directory.GetFileSystemEntries(temp.Combine("cache")));
    }

    /// <summary>A loopback port nothing listens on: bound, read and released, so a connection to it is refused.</summary>
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static Task WriteManifestAsync(TempDirectory temp, string url) =>
        File.WriteAllTextAsync(temp.Combine("mini.json"), $$"""
            {
              "id": "mini", "version": 1, "title": "t", "license": "MIT", "rows": 2,
              "data": { "file": "mini.jsonl", "sha256": "{{Sha(Normalized)}}", "bytes": {{Normalized.Length}} },
              "source": { "repo": "o/r", "commit": "c", "path": "p", "url": "{{url}}", "sha256": "{{Sha(Source)}}", "bytes": {{Source.Length}} },
              "pull": { "normalizer": "gsm8k", "idWidth": 1 },
              "mapping": "gsm8k", "compare": "numeric"
            }
            """);
}
