using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;

namespace Mario.Tool.Suites;

/// <summary>
/// Downloads suite data into the user cache. For suites with a normalizer it downloads the pinned source file,
/// checks its sha256, normalizes it and checks the result against <c>data.sha256</c>; with a <c>data.url</c> it
/// downloads the normalized file directly. Interrupted downloads keep a <c>.part</c> file that the next pull
/// resumes with an HTTP Range request; a checksum mismatch deletes everything it downloaded.
/// </summary>
public sealed class SuitePuller
{
    private readonly HttpClient _http;
    private readonly string _cacheDirectory;

    /// <summary>Creates a puller writing into <paramref name="cacheDirectory"/>.</summary>
    public SuitePuller(HttpClient http, string cacheDirectory)
    {
        _http = http;
        _cacheDirectory = cacheDirectory;
    }

    /// <summary>Folder (under the cache) that holds partial downloads.</summary>
    public string PartialDirectory => Path.Combine(_cacheDirectory, ".partial");

    /// <summary>Pulls one suite.</summary>
    public async Task<PullResult> PullAsync(SuiteManifest manifest, CancellationToken cancellationToken)
    {
        var target = Path.Combine(_cacheDirectory, manifest.Data.File);
        if (File.Exists(target) && await SuiteReader.Sha256Async(target, cancellationToken).ConfigureAwait(false) == manifest.Data.Sha256)
        {
            return new PullResult(manifest.Id, PullStatus.AlreadyPresent, target);
        }

        Directory.CreateDirectory(_cacheDirectory);
        if (manifest.Data.Url is { } dataUrl)
        {
            var (path, failure) = await DownloadVerifiedAsync(manifest.Id, dataUrl, manifest.Data.Sha256, manifest.Data.Bytes, cancellationToken).ConfigureAwait(false);
            if (path is null)
            {
                return failure!;
            }

            File.Move(path, target, overwrite: true);
            return new PullResult(manifest.Id, PullStatus.Pulled, target);
        }

        if (manifest.Pull.Normalizer == PullNormalizer.None)
        {
            return new PullResult(manifest.Id, PullStatus.Unsupported,
                $"suite '{manifest.Id}' has no automatic normalizer and no data.url: download {manifest.Source.Url}, normalize it as eval-suites/{manifest.Id}.json 'mapping' says, and place {manifest.Data.File} in {_cacheDirectory}");
        }

        var (sourcePath, sourceFailure) = await DownloadVerifiedAsync(manifest.Id, manifest.Source.Url, manifest.Source.Sha256, manifest.Source.Bytes, cancellationToken).ConfigureAwait(false);
        if (sourcePath is null)
        {
            return sourceFailure!;
        }

        try
        {
            var sourceText = await File.ReadAllTextAsync(sourcePath, new UTF8Encoding(false, true), cancellationToken).ConfigureAwait(false);
            var (normalized, error) = SourceNormalizer.Normalize(manifest, sourceText, manifest.Source.Url);
            if (normalized is null)
            {
                return new PullResult(manifest.Id, PullStatus.Rejected, error!);
            }

            var bytes = new UTF8Encoding(false).GetBytes(normalized);
            var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (sha != manifest.Data.Sha256)
            {
                return new PullResult(manifest.Id, PullStatus.Rejected,
                    $"suite '{manifest.Id}': normalized data sha256 {sha} does not match data.sha256 {manifest.Data.Sha256}; nothing was kept");
            }

            var temp = target + ".tmp";
            await File.WriteAllBytesAsync(temp, bytes, cancellationToken).ConfigureAwait(false);
            File.Move(temp, target, overwrite: true);
            return new PullResult(manifest.Id, PullStatus.Pulled, target);
        }
        catch (DecoderFallbackException)
        {
            return new PullResult(manifest.Id, PullStatus.Rejected, $"{manifest.Source.Url}: source is not valid UTF-8");
        }
        finally
        {
            File.Delete(sourcePath);
        }
    }

    /// <summary>
    /// Downloads <paramref name="url"/> into a verified file (returned path, under the partial folder) or returns
    /// why not. A partial file from an earlier attempt is resumed with <c>Range: bytes=N-</c>; a server that
    /// ignores the range (200) restarts the download from zero.
    /// </summary>
    private async Task<(string? Path, PullResult? Failure)> DownloadVerifiedAsync(string suiteId, string url, string sha256, long expectedBytes, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(PartialDirectory);
        var part = Path.Combine(PartialDirectory, sha256 + ".part");
        var existing = File.Exists(part) ? new FileInfo(part).Length : 0;
        if (existing > expectedBytes)
        {
            File.Delete(part);
            existing = 0;
        }

        try
        {
            if (existing < expectedBytes)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, url);
                if (existing > 0)
                {
                    request.Headers.Range = new RangeHeaderValue(existing, null);
                }

                using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                var append = response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == existing;
                if (!append && response.StatusCode != HttpStatusCode.OK)
                {
                    if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable)
                    {
                        File.Delete(part);
                    }

                    return (null, new PullResult(suiteId, PullStatus.Interrupted, $"{url}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}"));
                }

                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                await using (var file = new FileStream(part, append ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None))
                {
                    var buffer = new byte[81920];
                    int read;
                    while ((read = await body.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
                    {
                        // A server sending more than the pinned size is not serving the pinned file.
                        if (file.Length + read > expectedBytes)
                        {
                            break;
                        }

                        await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
                    }
                }
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException && !cancellationToken.IsCancellationRequested)
        {
            var have = File.Exists(part) ? new FileInfo(part).Length : 0;
            if (have == 0)
            {
                File.Delete(part);
                return (null, new PullResult(suiteId, PullStatus.Interrupted, $"{url}: download failed ({ex.Message}); check the network and run pull again"));
            }

            return (null, new PullResult(suiteId, PullStatus.Interrupted,
                $"{url}: download interrupted after {have} of {expectedBytes} bytes ({ex.Message}); run pull again to resume"));
        }

        var actual = await SuiteReader.Sha256Async(part, cancellationToken).ConfigureAwait(false);
        if (actual != sha256)
        {
            File.Delete(part);
            return (null, new PullResult(suiteId, PullStatus.Rejected,
                $"{url}: sha256 {actual} does not match the pinned {sha256}; the download was deleted, nothing was kept"));
        }

        return (part, null);
    }
}
