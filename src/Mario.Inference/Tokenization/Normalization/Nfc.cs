using System.Text;

namespace Mario.Inference.Tokenization.Normalization;

/// <summary>
/// Unicode Normalization Form C (canonical decomposition, canonical ordering, canonical composition) on
/// the tables in <see cref="NfcData"/>.
/// </summary>
/// <remarks>
/// Why not <see cref="string.Normalize()"/>: the mario tool runs with InvariantGlobalization, where .NET
/// leaves non-ASCII text unchanged instead of composing it, which would silently change token ids.
/// </remarks>
internal static class Nfc
{
    private const int SBase = 0xAC00, LBase = 0x1100, VBase = 0x1161, TBase = 0x11A7;
    private const int LCount = 19, VCount = 21, TCount = 28, NCount = VCount * TCount, SCount = LCount * NCount;

    private static readonly Dictionary<int, (int First, int Second)> DecompositionMap = BuildDecompositions();
    private static readonly Dictionary<long, int> CompositionMap = BuildCompositions();

    // A code point is "unsafe" when NFC could change it or its neighbour: it has a combining class, a
    // decomposition, or can be the second half of a composition. Text made only of safe code points is NFC.
    private static readonly ulong[] UnsafeBmp = new ulong[65536 / 64];
    private static readonly HashSet<int> UnsafeSupplementary = [];

    static Nfc()
    {
        var ccc = NfcData.CombiningClassRanges;
        for (var i = 0; i < ccc.Length; i += 3)
        {
            for (var cp = ccc[i]; cp <= ccc[i + 1]; cp++)
            {
                MarkUnsafe(cp);
            }
        }

        foreach (var cp in DecompositionMap.Keys)
        {
            MarkUnsafe(cp);
        }

        var comp = NfcData.Compositions;
        for (var i = 0; i < comp.Length; i += 3)
        {
            MarkUnsafe(comp[i + 1]);
        }

        for (var cp = VBase; cp < VBase + VCount; cp++)
        {
            MarkUnsafe(cp);
        }

        for (var cp = TBase + 1; cp < TBase + TCount; cp++)
        {
            MarkUnsafe(cp);
        }
    }

    /// <summary>Returns <paramref name="text"/> in NFC; the same instance when it already is (the common case).</summary>
    /// <remarks>Unpaired surrogates must have been replaced by the caller.</remarks>
    public static string Normalize(string text)
    {
        // Below U+0300 nothing composes or decomposes, so ASCII and Latin-1 text is skipped with a vectorized scan.
        var i = text.AsSpan().IndexOfAnyExceptInRange('\0', '\u02FF');
        if (i < 0)
        {
            return text;
        }

        while (i < text.Length)
        {
            var c = text[i];
            if (c < 0x300)
            {
                i++;
                continue;
            }

            var cp = char.IsHighSurrogate(c) && i + 1 < text.Length ? char.ConvertToUtf32(c, text[i + 1]) : c;
            if (IsUnsafe(cp))
            {
                return Compose(Decompose(text));
            }

            i += cp > 0xFFFF ? 2 : 1;
        }

        return text;
    }

    /// <summary>The canonical combining class of a code point, 0 to 254.</summary>
    public static int CombiningClass(int cp)
    {
        if (cp < 0x300)
        {
            return 0;
        }

        var ranges = NfcData.CombiningClassRanges;
        int lo = 0, hi = ranges.Length / 3 - 1;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (cp < ranges[mid * 3])
            {
                hi = mid - 1;
            }
            else if (cp > ranges[mid * 3 + 1])
            {
                lo = mid + 1;
            }
            else
            {
                return ranges[mid * 3 + 2];
            }
        }

        return 0;
    }

    private static bool IsUnsafe(int cp) =>
        cp <= 0xFFFF ? (UnsafeBmp[cp >> 6] & (1UL << (cp & 63))) != 0 : UnsafeSupplementary.Contains(cp);

    private static void MarkUnsafe(int cp)
    {
        if (cp <= 0xFFFF)
        {
            UnsafeBmp[cp >> 6] |= 1UL << (cp & 63);
        }
        else
        {
            UnsafeSupplementary.Add(cp);
        }
    }

    private static List<int> Decompose(string text)
    {
        var result = new List<int>(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            int cp = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                cp = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            AppendDecomposed(cp, result);
        }

        SortCombiningMarks(result);
        return result;
    }

    private static void AppendDecomposed(int cp, List<int> result)
    {
        var s = cp - SBase;
        if (s is >= 0 and < SCount)
        {
            result.Add(LBase + s / NCount);
            result.Add(VBase + s % NCount / TCount);
            if (s % TCount != 0)
            {
                result.Add(TBase + s % TCount);
            }

            return;
        }

        if (cp >= 0xC0 && DecompositionMap.TryGetValue(cp, out var d))
        {
            AppendDecomposed(d.First, result);
            if (d.Second != 0)
            {
                AppendDecomposed(d.Second, result);
            }

            return;
        }

        result.Add(cp);
    }

    // Canonical ordering: a stable sort by combining class inside each run of non-starters. Runs are short in
    // real text (insertion sort); a hostile run of thousands of marks gets an O(n log n) stable sort instead.
    private static void SortCombiningMarks(List<int> cps)
    {
        var i = 0;
        while (i < cps.Count)
        {
            if (CombiningClass(cps[i]) == 0)
            {
                i++;
                continue;
            }

            var end = i;
            while (end < cps.Count && CombiningClass(cps[end]) != 0)
            {
                end++;
            }

            SortRun(cps, i, end);
            i = end;
        }
    }

    private static void SortRun(List<int> cps, int start, int end)
    {
        if (end - start > 32)
        {
            var sorted = cps.GetRange(start, end - start).OrderBy(CombiningClass).ToArray();
            for (var k = 0; k < sorted.Length; k++)
            {
                cps[start + k] = sorted[k];
            }

            return;
        }

        for (var k = start + 1; k < end; k++)
        {
            var cp = cps[k];
            var ccc = CombiningClass(cp);
            var j = k;
            while (j > start && CombiningClass(cps[j - 1]) > ccc)
            {
                cps[j] = cps[j - 1];
                j--;
            }

            cps[j] = cp;
        }
    }

    private static string Compose(List<int> cps)
    {
        var output = new List<int>(cps.Count);
        var starter = -1;
        var lastClass = 0;
        foreach (var cp in cps)
        {
            var ccc = CombiningClass(cp);
            if (starter >= 0)
            {
                // C is blocked from the last starter when a character between them has class 0 or >= C's class.
                var adjacent = output.Count - 1 == starter;
                var blocked = !adjacent && (lastClass == 0 || lastClass >= ccc);
                if (!blocked && TryCompose(output[starter], cp, out var composite))
                {
                    output[starter] = composite;
                    continue;
                }
            }

            if (ccc == 0)
            {
                starter = output.Count;
            }

            lastClass = ccc;
            output.Add(cp);
        }

        var sb = new StringBuilder(output.Count + 4);
        foreach (var cp in output)
        {
            sb.Append(new Rune(cp).ToString());
        }

        return sb.ToString();
    }

    private static bool TryCompose(int first, int second, out int composite)
    {
        var l = first - LBase;
        if (l is >= 0 and < LCount)
        {
            var v = second - VBase;
            if (v is >= 0 and < VCount)
            {
                composite = SBase + (l * VCount + v) * TCount;
                return true;
            }
        }

        var s = first - SBase;
        if (s is >= 0 and < SCount && s % TCount == 0)
        {
            var t = second - TBase;
            if (t is > 0 and < TCount)
            {
                composite = first + t;
                return true;
            }
        }

        return CompositionMap.TryGetValue(((long)first << 32) | (uint)second, out composite);
    }

    private static Dictionary<int, (int, int)> BuildDecompositions()
    {
        var data = NfcData.Decompositions;
        var map = new Dictionary<int, (int, int)>(data.Length / 3);
        for (var i = 0; i < data.Length; i += 3)
        {
            map[data[i]] = (data[i + 1], data[i + 2]);
        }

        return map;
    }

    private static Dictionary<long, int> BuildCompositions()
    {
        var data = NfcData.Compositions;
        var map = new Dictionary<long, int>(data.Length / 3);
        for (var i = 0; i < data.Length; i += 3)
        {
            map[((long)data[i] << 32) | (uint)data[i + 1]] = data[i + 2];
        }

        return map;
    }
}
