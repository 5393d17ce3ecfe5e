using FsCheck;
using FsCheck.Fluent;
using Mario.Inference.Tokenization.Model;

namespace Mario.Inference.Tests.Tokenization;

/// <summary>The heap merge (long pre-tokens) and the scan merge (short ones) agree everywhere.</summary>
public sealed class BpeMergerTests
{
    [Fact]
    public void Encode_HeapAndScan_GiveTheSameIds()
    {
        // Merges over a 4-letter alphabet with overlapping pairs, so merge order and tie-breaking matter.
        var byteIds = Enumerable.Range(0, 256).ToArray();
        var merges = new Dictionary<long, BpeMerger.Merge>();
        var next = 256;
        (int, int)[] rules = [('a', 'a'), ('a', 'b'), ('b', 'a'), (256, 'a'), ('c', 'c'), (257, 258), ('a', 256), (259, 256), ('d', 'a')];
        foreach (var (rank, (left, right)) in rules.Index())
        {
            merges[((long)left << 32) | (uint)right] = new BpeMerger.Merge(rank, next++);
        }

        var merger = new BpeMerger(merges, byteIds, unknownId: -1, fuseUnknown: false);
        var text = Gen.Elements("a", "b", "c", "d").ArrayOf().Select(p => System.Text.Encoding.ASCII.GetBytes(string.Concat(p))).ToArbitrary();
        Prop.ForAll(text, bytes =>
        {
            var scan = new List<int>();
            var heap = new List<int>();
            merger.Encode(bytes, scan);
            merger.Encode(bytes, heap, forceHeap: true);
            return scan.SequenceEqual(heap);
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(1000));
    }
}
