using System.Numerics;

namespace Mario.Inference.Tokenization.Model;

/// <summary>
/// Merge rules keyed by (left id, right id): an open-addressing table with linear probing, built once.
/// </summary>
/// <remarks>
/// Why not <see cref="Dictionary{TKey, TValue}"/>: the pair lookup is the inner loop of every uncached
/// pre-token, and a flat table with an inlined multiplicative hash avoids the comparer's interface call and the
/// bucket indirection. The default <see cref="long"/> hash (<c>left ^ right</c>) must not be used: BPE pairs
/// collide massively under it.
/// </remarks>
internal sealed class PairMergeTable
{
    private const long Empty = -1; // ids are non-negative, so no packed pair equals -1

    private readonly long[] keys;
    private readonly long[] values;
    private readonly int shift;

    /// <summary>Builds the table from pair to (rank, merged id).</summary>
    public PairMergeTable(IReadOnlyDictionary<long, BpeMerger.Merge> merges)
    {
        var capacity = (int)BitOperations.RoundUpToPowerOf2((uint)Math.Max(16, merges.Count * 2));
        shift = 64 - BitOperations.Log2((uint)capacity);
        keys = new long[capacity];
        values = new long[capacity];
        Array.Fill(keys, Empty);
        foreach (var (key, merge) in merges)
        {
            var slot = Slot(key);
            while (keys[slot] != Empty)
            {
                slot = (slot + 1) & (capacity - 1);
            }

            keys[slot] = key;
            values[slot] = ((long)merge.Rank << 32) | (uint)merge.Id;
        }

        Count = merges.Count;
    }

    /// <summary>Number of merge rules.</summary>
    public int Count { get; }

    /// <summary>The rank of merging <paramref name="left"/> and <paramref name="right"/> (int.MaxValue when they do not merge).</summary>
    public int Rank(int left, int right, out int mergedId)
    {
        var key = ((long)left << 32) | (uint)right;
        var mask = keys.Length - 1;
        for (var slot = Slot(key); ; slot = (slot + 1) & mask)
        {
            var k = keys[slot];
            if (k == key)
            {
                var v = values[slot];
                mergedId = (int)v;
                return (int)(v >> 32);
            }

            if (k == Empty)
            {
                mergedId = -1;
                return int.MaxValue;
            }
        }
    }

    private int Slot(long key) => (int)((ulong)key * 0x9E3779B97F4A7C15UL >> shift);
}
