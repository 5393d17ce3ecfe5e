using System.Buffers;

namespace Mario.Inference.Tokenization.Model;

/// <summary>
/// Byte-level BPE over one pre-token: start from one symbol per byte and repeatedly merge the adjacent pair
/// with the lowest merge rank, the leftmost one on ties (the Hugging Face tokenizers order).
/// </summary>
internal sealed class BpeMerger
{
    // Above this many bytes the quadratic scan gives way to a heap; both give identical results.
    internal const int HeapThreshold = 96;

    private readonly PairMergeTable merges;
    private readonly int[] byteIds;
    private readonly int unknownId;
    private readonly bool fuseUnknown;

    /// <summary>Creates a merger.</summary>
    /// <param name="merges">Pair (left id, right id) to rank and merged id.</param>
    /// <param name="byteIds">For each byte value, the id of its one-character token, or -1 when the vocabulary lacks it.</param>
    /// <param name="unknownId">The id used for bytes missing from the vocabulary, or -1 to drop them.</param>
    /// <param name="fuseUnknown">Whether consecutive unknown bytes become one unknown token.</param>
    public BpeMerger(IReadOnlyDictionary<long, Merge> merges, int[] byteIds, int unknownId, bool fuseUnknown)
    {
        this.merges = new PairMergeTable(merges);
        this.byteIds = byteIds;
        this.unknownId = unknownId;
        this.fuseUnknown = fuseUnknown;
    }

    /// <summary>A merge: its rank (lower merges first) and the id of the merged token.</summary>
    internal readonly record struct Merge(int Rank, int Id);

    /// <summary>Number of merge rules.</summary>
    public int MergeCount => merges.Count;

    /// <summary>Appends the ids of one pre-token's UTF-8 bytes to <paramref name="output"/>.</summary>
    public void Encode(ReadOnlySpan<byte> bytes, List<int> output, bool forceHeap = false)
    {
        int[]? rented = null;
        var ids = bytes.Length <= 256 ? stackalloc int[bytes.Length] : (rented = ArrayPool<int>.Shared.Rent(bytes.Length));
        var count = 0;
        var lastWasUnknown = false;
        foreach (var b in bytes)
        {
            var id = byteIds[b];
            if (id < 0)
            {
                if (unknownId >= 0 && !(fuseUnknown && lastWasUnknown))
                {
                    ids[count++] = unknownId;
                }

                lastWasUnknown = unknownId >= 0;
                continue;
            }

            lastWasUnknown = false;
            ids[count++] = id;
        }

        var symbols = ids[..count];
        if (count > HeapThreshold || forceHeap)
        {
            MergeWithHeap(symbols, output);
        }
        else
        {
            count = MergeByScan(symbols);
            for (var i = 0; i < count; i++)
            {
                output.Add(symbols[i]);
            }
        }

        if (rented is not null)
        {
            ArrayPool<int>.Shared.Return(rented);
        }
    }

    private int Rank(int left, int right, out int mergedId) => merges.Rank(left, right, out mergedId);

    // Quadratic in the worst case but allocation-free; ranks[i] caches the rank of pair (i, i + 1).
    private int MergeByScan(Span<int> ids)
    {
        var count = ids.Length;
        if (count < 2)
        {
            return count;
        }

        Span<int> ranks = stackalloc int[count];
        Span<int> mergedIds = stackalloc int[count];
        for (var i = 0; i + 1 < count; i++)
        {
            ranks[i] = Rank(ids[i], ids[i + 1], out mergedIds[i]);
        }

        while (count > 1)
        {
            var best = -1;
            var bestRank = int.MaxValue;
            for (var i = 0; i + 1 < count; i++)
            {
                if (ranks[i] < bestRank)
                {
                    bestRank = ranks[i];
                    best = i;
                }
            }

            if (best < 0)
            {
                break;
            }

            ids[best] = mergedIds[best];
            ids[(best + 2)..count].CopyTo(ids[(best + 1)..]);
            ranks[(best + 2)..count].CopyTo(ranks[(best + 1)..]);
            mergedIds[(best + 2)..count].CopyTo(mergedIds[(best + 1)..]);
            count--;
            if (best > 0)
            {
                ranks[best - 1] = Rank(ids[best - 1], ids[best], out mergedIds[best - 1]);
            }

            ranks[best] = best + 1 < count ? Rank(ids[best], ids[best + 1], out mergedIds[best]) : int.MaxValue;
        }

        return count;
    }

    // O(n log n) for long pre-tokens (hostile input such as a megabyte of one letter): a doubly linked list
    // of symbols and a heap of candidate pairs ordered by (rank, position); stale entries are skipped.
    private void MergeWithHeap(Span<int> ids, List<int> output)
    {
        var n = ids.Length;
        var id = ids.ToArray();
        var next = new int[n];
        var prev = new int[n];
        var alive = new bool[n];
        var heap = new PriorityQueue<int, long>();
        for (var i = 0; i < n; i++)
        {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
            alive[i] = true;
            if (i + 1 < n)
            {
                Push(heap, i, id[i], id[i + 1]);
            }
        }

        while (heap.TryDequeue(out var pos, out var priority))
        {
            var right = next[pos];
            if (!alive[pos] || right < 0)
            {
                continue;
            }

            var rank = Rank(id[pos], id[right], out var mergedId);
            if (rank != (int)(priority >> 32))
            {
                continue;
            }

            id[pos] = mergedId;
            alive[right] = false;
            next[pos] = next[right];
            if (next[pos] >= 0)
            {
                prev[next[pos]] = pos;
                Push(heap, pos, id[pos], id[next[pos]]);
            }

            if (prev[pos] >= 0)
            {
                Push(heap, prev[pos], id[prev[pos]], id[pos]);
            }
        }

        for (var i = 0; i >= 0 && i < n; i = next[i])
        {
            output.Add(id[i]);
        }
    }

    private void Push(PriorityQueue<int, long> heap, int pos, int left, int right)
    {
        var rank = Rank(left, right, out _);
        if (rank != int.MaxValue)
        {
            heap.Enqueue(pos, ((long)rank << 32) | (uint)pos);
        }
    }
}
