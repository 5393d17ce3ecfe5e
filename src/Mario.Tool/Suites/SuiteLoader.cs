namespace Mario.Tool.Suites;

/// <summary>Locates, verifies and parses a suite's data file; each failure is one line naming file, line and field.</summary>
public static class SuiteLoader
{
    /// <summary>Finds the data file for <paramref name="manifest"/>: beside a manifest file first, then the locator's search path.</summary>
    public static string? Locate(SuiteManifest manifest, string? manifestDirectory, DataLocator locator)
    {
        if (manifestDirectory is not null && Path.Combine(manifestDirectory, manifest.Data.File) is var beside && File.Exists(beside))
        {
            return beside;
        }

        return locator.Find(manifest.Data.File);
    }

    /// <summary>Loads a suite for evaluation: the file must exist, match its sha256 and parse without errors.</summary>
    public static async Task<(LoadedSuite? Suite, string? Error)> LoadAsync(
        SuiteManifest manifest, string? manifestDirectory, DataLocator locator, CancellationToken cancellationToken)
    {
        var path = Locate(manifest, manifestDirectory, locator);
        if (path is null)
        {
            return (null, $"suite '{manifest.Id}': data file {manifest.Data.File} not found (searched {locator.DescribeSearch()}); run 'dotnet mario suites pull {manifest.Id}' or pass --data-dir");
        }

        // The manifest is checked whole, as 'suites validate' does: a count that disagrees with the data would go
        // into summary.json as if it were true.
        if (BytesMismatch(manifest, path) is { } bytesError)
        {
            return (null, bytesError);
        }

        var sha = await SuiteReader.Sha256Async(path, cancellationToken).ConfigureAwait(false);
        if (sha != manifest.Data.Sha256)
        {
            return (null, $"{path}: sha256 {sha} does not match the manifest's data.sha256 {manifest.Data.Sha256} (suite '{manifest.Id}'); the file is corrupt or a different version");
        }

        var read = await SuiteReader.ReadAsync(path, path, manifest, maxErrors: 1, cancellationToken).ConfigureAwait(false);
        if (read.Errors.Count > 0)
        {
            return (null, read.Errors[0]);
        }

        if (RowsMismatch(manifest, path, read.Lines) is { } rowsError)
        {
            return (null, rowsError);
        }

        return (new LoadedSuite(manifest, path, sha, read.Problems), null);
    }

    /// <summary>One line when the file's size differs from the manifest's <c>data.bytes</c>; null when they agree.</summary>
    public static string? BytesMismatch(SuiteManifest manifest, string path)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var length = new FileInfo(path).Length;
        return length == manifest.Data.Bytes
            ? null
            : $"{path}: {length} bytes, but the manifest's data.bytes says {manifest.Data.Bytes} (suite '{manifest.Id}'); fix the manifest or the file";
    }

    /// <summary>One line when the file's row count differs from the manifest's <c>rows</c>; null when they agree.</summary>
    public static string? RowsMismatch(SuiteManifest manifest, string path, int rows)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return rows == manifest.Rows
            ? null
            : $"{path}: {rows} rows, but the manifest's rows field says {manifest.Rows} (suite '{manifest.Id}'); fix the manifest or the file";
    }
}
