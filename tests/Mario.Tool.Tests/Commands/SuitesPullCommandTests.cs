using System.Security.Cryptography;
using System.Text;
using Mario.Tool.Cli;
using Mario.Tool.Commands;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Commands;

/// <summary><c>suites pull</c> end to end against an HTTP server on 127.0.0.1, with a manifest of the test's own.</summary>
public sealed class SuitesPullCommandTests
{
    private static readonly byte[] Source = Encoding.UTF8.GetBytes(
        "{\"question\": \"What is 1+1?\", \"answer\": \"1+1=2\\n#### 2\"}\n{\"question\": \"And 2,000+1?\", \"answer\": \"so\\n#### 2,001\"}\n");

    private static readonly byte[] Normalized = Encoding.UTF8.GetBytes(
        "{\"id\": \"mini-0\", \"question\": \"What is 1+1?\", \"answer\": \"2\", \"solution\": \"1+1=2\", \"orig_answer\": \"1+1=2\\n#### 2\"}\n"
        + "{\"id\": \"mini-1\", \"question\": \"And 2,000+1?\", \"answer\": \"2001\", \"solution\": \"so\", \"orig_answer\": \"so\\n#### 2,001\"}\n");

    [Fact]
    public async Task Pull_PinnedSource_WritesVerifiedDataThatValidates()
    {
        using var temp = new TempDirectory();
        await using var server = new LoopbackFileServer(Source);
        await WriteManifestAsync(temp, server.Url, Sha(Source));

        var pull = await CliRun.InvokeAsync("suites", "pull", temp.Combine("mini.json"), "--cache-dir", temp.Combine("cache"));
        var validate = await CliRun.InvokeAsync("suites", "validate", temp.Combine("mini.json"), "--data-dir", temp.Combine("cache"));

        Assert.Equal(ExitCodes.Ok, pull.ExitCode);
        Assert.Contains("pulled", pull.Output);
        Assert.Equal(Normalized, await File.ReadAllBytesAsync(temp.Combine("cache", "mini.jsonl")));
        Assert.Equal(ExitCodes.Ok, validate.ExitCode);
    }

    [Fact]
    public async Task Pull_ShaMismatch_Exit2_OneLine_NothingKept()
    {
        using var temp = new TempDirectory();
        await using var server = new LoopbackFileServer(Source);
        await WriteManifestAsync(temp, server.Url, new string('a', 64));

        var pull = await CliRun.InvokeAsync("suites", "pull", temp.Combine("mini.json"), "--cache-dir", temp.Combine("cache"));

        Assert.Equal(ExitCodes.Usage, pull.ExitCode);
        Assert.Contains("does not match the pinned", Assert.Single(pull.ErrorLines));
        Assert.Empty(Directory.GetFiles(temp.Combine("cache"), "*", SearchOption.AllDirectories));
    }

    private static string Sha(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    private static Task WriteManifestAsync(TempDirectory temp, string url, string sourceSha) =>
        File.WriteAllTextAsync(temp.Combine("mini.json"), $$"""
            {
              "id": "mini", "version": 1, "title": "t", "license": "MIT", "rows": 2,
              "data": { "file": "mini.jsonl", "sha256": "{{Sha(Normalized)}}", "bytes": {{Normalized.Length}} },
              "source": { "repo": "o/r", "commit": "c", "path": "p", "url": "{{url}}", "sha256": "{{sourceSha}}", "bytes": {{Source.Length}} },
              "pull": { "normalizer": "gsm8k", "idWidth": 1 },
              "mapping": "gsm8k", "compare": "numeric"
            }
            """);
}
