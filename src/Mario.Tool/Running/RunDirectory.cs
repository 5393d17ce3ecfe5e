using Mario.Tool.Runs;

namespace Mario.Tool.Running;

/// <summary>The files of one run folder and the repair of a run killed mid-write.</summary>
/// <param name="Path">The run folder.</param>
public sealed record RunDirectory(string Path)
{
    /// <summary>One JSON line per finished problem.</summary>
    public string Samples => System.IO.Path.Combine(Path, "samples.jsonl");

    /// <summary>The options the run was started with (read back by <c>--resume</c>).</summary>
    public string RunFile => System.IO.Path.Combine(Path, "run.json");

    /// <summary>Machine-readable summary, written when the run finishes.</summary>
    public string SummaryJson => System.IO.Path.Combine(Path, "summary.json");

    /// <summary>Human-readable summary, written when the run finishes.</summary>
    public string SummaryMarkdown => System.IO.Path.Combine(Path, "summary.md");

    /// <summary>Lock file held by the process writing into this folder.</summary>
    public string LockFile => System.IO.Path.Combine(Path, "run.lock");

    /// <summary>
    /// Rewrites samples.jsonl in suite order once every problem is finished, so the file does not depend on which
    /// problem finished first: with the same seed (and clock) two runs give byte-identical files whatever the
    /// concurrency. The rewrite goes through a temporary file and a rename, so a kill leaves either file whole.
    /// </summary>
    /// <param name="order">Problem ids in suite order; lines with other ids keep their relative order at the end.</param>
    /// <param name="cancellationToken">Cancels before the rename.</param>
    public async Task RewriteInOrderAsync(IReadOnlyList<string> order, CancellationToken cancellationToken)
    {
        var rank = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < order.Count; i++)
        {
            rank.TryAdd(order[i], i);
        }

        var lines = await File.ReadAllLinesAsync(Samples, cancellationToken).ConfigureAwait(false);
        var keyed = new List<(int Rank, int Position, string Line)>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Length == 0)
            {
                continue;
            }

            var (sample, error) = RunJson.ParseSample(lines[i]);
            var id = sample?.Id ?? throw new InvalidDataException($"{Samples}:{i + 1}: {error}");
            keyed.Add((rank.TryGetValue(id, out var r) ? r : int.MaxValue, i, lines[i]));
        }

        keyed.Sort((a, b) => a.Rank != b.Rank ? a.Rank.CompareTo(b.Rank) : a.Position.CompareTo(b.Position));
        await ReplaceSamplesAsync(keyed.Select(k => k.Line).ToList(), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Replaces samples.jsonl with <paramref name="lines"/> through a temporary file and a rename, so a kill leaves either file whole.</summary>
    private async Task ReplaceSamplesAsync(IReadOnlyList<string> lines, CancellationToken cancellationToken)
    {
        var temporary = Samples + ".tmp";
        await using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        await using (var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false)) { NewLine = "\n" })
        {
            foreach (var line in lines)
            {
                await writer.WriteLineAsync(line.AsMemory(), cancellationToken).ConfigureAwait(false);
            }

            await writer.FlushAsync(cancellationToken).ConfigureAwait(false);
            stream.Flush(flushToDisk: true);
        }

        cancellationToken.ThrowIfCancellationRequested();
        File.Move(temporary, Samples, overwrite: true);
    }

    /// <summary>
    /// Takes the folder's exclusive lock (an OS file lock on run.lock, released when the stream is disposed or the
    /// process dies), or returns null when another process holds it.
    /// </summary>
    public FileStream? TryLock()
    {
        try
        {
            return new FileStream(LockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>
    /// Makes <c>samples.jsonl</c> end at a complete line (a run killed mid-write leaves a torn last line, which is
    /// cut away: that problem runs again) and returns the ids already finished. Lines of problems whose solving failed
    /// (no-answer reason <c>error</c>: a model server that kept failing, a bug) are taken out of the file, so a resume
    /// redoes exactly those problems.
    /// </summary>
    /// <returns>The finished ids, how many bytes were cut, and a one-line error for a corrupt complete line or a duplicate id.</returns>
    public async Task<(IReadOnlySet<string> Finished, long BytesCut, string? Error)> RepairAndReadFinishedAsync(CancellationToken cancellationToken)
    {
        var finished = new HashSet<string>(StringComparer.Ordinal);
        if (!File.Exists(Samples))
        {
            return (finished, 0, null);
        }

        long cut = 0;
        await using (var stream = new FileStream(Samples, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
        {
            var length = stream.Length;
            var keep = length;
            var one = new byte[1];
            // Walk back to the last newline; everything after it is a torn write.
            while (keep > 0)
            {
                stream.Position = keep - 1;
                await stream.ReadExactlyAsync(one, cancellationToken).ConfigureAwait(false);
                if (one[0] == (byte)'\n')
                {
                    break;
                }

                keep--;
            }

            if (keep < length)
            {
                stream.SetLength(keep);
                cut = length - keep;
            }
        }

        var lineNumber = 0;
        var kept = new List<string>();
        var failed = 0;
        await foreach (var line in File.ReadLinesAsync(Samples, cancellationToken).ConfigureAwait(false))
        {
            lineNumber++;
            var (sample, error) = RunJson.ParseSample(line);
            if (sample is null)
            {
                return (finished, cut, $"{Samples}:{lineNumber}: {error}: not a sample line; the run folder is corrupt");
            }

            var id = sample.Id;
            if (!finished.Add(id))
            {
                return (finished, cut, $"{Samples}:{lineNumber}: id: duplicate id '{id}'; the run folder is corrupt");
            }

            if (sample.NoAnswerReason == Mario.Search.NoAnswerReason.Error)
            {
                finished.Remove(id);
                failed++;
                continue;
            }

            kept.Add(line);
        }

        if (failed > 0)
        {
            await ReplaceSamplesAsync(kept, cancellationToken).ConfigureAwait(false);
        }

        return (finished, cut, null);
    }
}
