using System.Security.Cryptography;
using System.Text;
using Mario.Tool.Suites;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Suites;

/// <summary>suites pull against a real HTTP server on 127.0.0.1 serving a gsm8k-style source file.</summary>
public sealed class SuitePullerTests
{
    private static readonly SuiteManifest Mini = SuiteCatalog.LoadEmbedded().Find("gsm8k-test-mini")!;

    // The mini suite takes the source's first 50 lines, so a source rebuilt from its own 50 rows normalizes to it.
    private static readonly byte[] SourceBytes = Encoding.UTF8.GetBytes(SourceNormalizerTests.RebuildSource(
        PullNormalizer.Gsm8k, File.ReadAllText(Path.Combine(TestPaths.ShippedSuites, "gsm8k-test-mini.jsonl"))));

    private static SuiteManifest PinnedTo(string url, byte[] source) => Mini with
    {
        Source = Mini.Source! with { Url = url, Sha256 = Convert.ToHexStringLower(SHA256.HashData(source)), Bytes = source.Length },
    };

    [Fact]
    public async Task Pull_SourceWithPinnedSha_NormalizesToTheVerifiedDataFile()
    {
        using var cache = new TempDirectory();
        await using var server = new LoopbackFileServer(SourceBytes);
        using var http = new HttpClient();

        var result = await new SuitePuller(http, cache.Path).PullAsync(PinnedTo(server.Url, SourceBytes), CancellationToken.None);

        Assert.Equal(PullStatus.Pulled, result.Status);
        var pulled = cache.Combine(Mini.Data.File);
        Assert.Equal(Mini.Data.Sha256, await SuiteReader.Sha256Async(pulled, CancellationToken.None));
        Assert.Empty(Directory.GetFiles(cache.Combine(".partial")));
    }

    [Fact]
    public async Task Pull_AlreadyCached_DoesNotDownloadAgain()
    {
        using var cache = new TempDirectory();
        File.Copy(Path.Combine(TestPaths.ShippedSuites, Mini.Data.File), cache.Combine(Mini.Data.File));
        await using var server = new LoopbackFileServer(SourceBytes);
        using var http = new HttpClient();

        var result = await new SuitePuller(http, cache.Path).PullAsync(PinnedTo(server.Url, SourceBytes), CancellationToken.None);

        Assert.Equal(PullStatus.AlreadyPresent, result.Status);
        Assert.Empty(server.Ranges);
    }

    [Fact]
    public async Task Pull_ServedFileWithWrongSha_IsRejectedAndNothingIsKept()
    {
        using var cache = new TempDirectory();
        var tampered = SourceBytes.ToArray();
        tampered[100] ^= 0x01;
        await using var server = new LoopbackFileServer(tampered);
        using var http = new HttpClient();

        var result = await new SuitePuller(http, cache.Path).PullAsync(PinnedTo(server.Url, SourceBytes), CancellationToken.None);

        Assert.Equal(PullStatus.Rejected, result.Status);
        Assert.Contains("does not match the pinned", result.Message);
        Assert.Empty(Directory.GetFiles(cache.Path, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Pull_InterruptedDownload_KeepsPartAndResumesWithRange()
    {
        using var cache = new TempDirectory();
        var cut = SourceBytes.Length / 2;
        await using var server = new LoopbackFileServer(SourceBytes, cutFirstResponseAfter: cut);
        using var http = new HttpClient();
        var puller = new SuitePuller(http, cache.Path);
        var manifest = PinnedTo(server.Url, SourceBytes);

        var first = await puller.PullAsync(manifest, CancellationToken.None);
        var partLength = Directory.GetFiles(puller.PartialDirectory).Select(f => new FileInfo(f).Length).Single();
        var second = await puller.PullAsync(manifest, CancellationToken.None);

        Assert.Equal(PullStatus.Interrupted, first.Status);
        Assert.Equal(cut, partLength);
        Assert.Equal(PullStatus.Pulled, second.Status);
        Assert.Equal([null, $"bytes={cut}-"], server.Ranges);
        Assert.Equal(Mini.Data.Sha256, await SuiteReader.Sha256Async(cache.Combine(Mini.Data.File), CancellationToken.None));
    }

    [Fact]
    public async Task Pull_ServerIgnoringRange_RestartsFromZeroAndStillVerifies()
    {
        using var cache = new TempDirectory();
        await using var server = new LoopbackFileServer(SourceBytes, cutFirstResponseAfter: 1000, ignoreRange: true);
        using var http = new HttpClient();
        var puller = new SuitePuller(http, cache.Path);
        var manifest = PinnedTo(server.Url, SourceBytes);

        await puller.PullAsync(manifest, CancellationToken.None);
        var second = await puller.PullAsync(manifest, CancellationToken.None);

        Assert.Equal(PullStatus.Pulled, second.Status);
        Assert.Equal(Mini.Data.Sha256, await SuiteReader.Sha256Async(cache.Combine(Mini.Data.File), CancellationToken.None));
    }

    [Fact]
    public async Task Pull_SuiteWithoutNormalizer_IsUnsupportedWithInstructions()
    {
        using var cache = new TempDirectory();
        using var http = new HttpClient();

        var result = await new SuitePuller(http, cache.Path).PullAsync(SuiteCatalog.LoadEmbedded().Find("aime24")!, CancellationToken.None);

        Assert.Equal(PullStatus.Unsupported, result.Status);
        Assert.Contains("no automatic normalizer", result.Message);
    }
}
