using System.Collections.Immutable;
using System.Numerics;

namespace Mario.Eval.Expressions;

internal sealed partial class Comparer
{
    // ------------------------------------------------------------------ collections

    private Verdict CompareCollections(Node gold, Node pred)
    {
        if (!IsCollection(gold) || !IsCollection(pred))
        {
            var (coll, other) = IsCollection(gold) ? (gold, pred) : (pred, gold);
            if (coll is ListNode { Items.Length: 1 } single)
            {
                var inner = IsCollection(gold) ? Compare(single.Items[0], pred) : Compare(gold, single.Items[0]);
                return Wrap(inner, "the only element");
            }

            return Ne(EquivalenceMethod.Structural, $"a {Describe(coll)} against a {Describe(other)}");
        }

        if (gold is ListNode { Kind: ListKind.Bare } inequalities && IsIntervalLike(pred)
            && inequalities.Items.All(i => i is Relation r && ToIntervals(r) is not null))
        {
            // x < 2 or x > 3 (gold) against (-\infty,2) \cup (3,\infty): the gold inequalities read as a union.
            var union = new Union([.. inequalities.Items.Select(i => ToIntervals((Relation)i)!)]);
            return Wrap(CompareSetsOfIntervals(union, pred), "gold inequalities as a union");
        }

        if (gold is Matrix gm && pred is Matrix pm)
        {
            if (IsVector(gm) && IsVector(pm) && gm.Rows.Sum(r => r.Length) == pm.Rows.Sum(r => r.Length))
            {
                // Row and column vectors with the same entries count as the same vector (MARIO's reading).
                return Ordered([.. gm.Rows.SelectMany(r => r)], [.. pm.Rows.SelectMany(r => r)], "vector entries");
            }

            if (gm.Rows.Length != pm.Rows.Length || gm.Rows.Zip(pm.Rows).Any(z => z.First.Length != z.Second.Length))
            {
                return Ne(EquivalenceMethod.Structural, "matrices of different shapes");
            }

            return Ordered([.. gm.Rows.SelectMany(r => r)], [.. pm.Rows.SelectMany(r => r)], "matrix entries");
        }

        if (gold is Matrix || pred is Matrix)
        {
            var (m, other) = gold is Matrix gmx ? (gmx, pred) : ((Matrix)pred, gold);
            if (other is ListNode l && (m.Rows.Length == 1 || m.Rows.All(r => r.Length == 1)))
            {
                var cells = m.Rows.SelectMany(r => r).ToImmutableArray();
                return gold is Matrix ? Ordered(cells, l.Items, "vector entries") : Ordered(l.Items, cells, "vector entries");
            }

            return Ne(EquivalenceMethod.Structural, "a matrix against a non-matrix");
        }

        if (IsIntervalLike(gold) && IsIntervalLike(pred)
            && !(gold is ListNode { Kind: ListKind.Paren } && pred is ListNode { Kind: ListKind.Paren }))
        {
            return CompareSetsOfIntervals(gold, pred);
        }

        if (gold is ListNode gb && pred is ListNode pb && (gb.Kind == ListKind.Blanks) != (pb.Kind == ListKind.Blanks))
        {
            // Blanks (a;b) against a plain list: read the blanks as a list; p=5,q=2;p=7,q=2 also flattens.
            var (blanks, other) = gb.Kind == ListKind.Blanks ? (gb, pb) : (pb, gb);
            var flat = blanks.Items.Length != other.Items.Length && blanks.Items.All(i => i is ListNode { Kind: ListKind.Bare })
                ? blanks.Items.SelectMany(i => ((ListNode)i).Items).ToImmutableArray()
                : blanks.Items;
            var asList = new ListNode(flat, other.Kind == ListKind.Brace ? ListKind.Brace : ListKind.Bare);
            return gb.Kind == ListKind.Blanks ? CompareCollections(asList, pred) : CompareCollections(gold, asList);
        }

        if (gold is ListNode gl && pred is ListNode pl)
        {
            if (gl.Items.Length != pl.Items.Length)
            {
                return Ne(EquivalenceMethod.Structural, $"{gl.Items.Length} items against {pl.Items.Length}");
            }

            if (gl.Items.Length == 2 && gl.Kind is ListKind.Paren or ListKind.Bracket && pl.Kind is ListKind.Paren or ListKind.Bracket
                && gl.Kind != pl.Kind)
            {
                return Ne(EquivalenceMethod.Structural, "open and closed ends differ");
            }

            if (gl.Items.Length == 2 && ((gl.Kind == ListKind.Bracket && pl.Kind == ListKind.Brace) || (pl.Kind == ListKind.Bracket && gl.Kind == ListKind.Brace)))
            {
                return Ne(EquivalenceMethod.Structural, "a closed interval against a two-element set");
            }

            var goldUnordered = gl.Kind is ListKind.Bare or ListKind.Brace;
            var predUnordered = pl.Kind is ListKind.Bare or ListKind.Brace;
            if (goldUnordered && predUnordered)
            {
                return Unordered(gl.Items, pl.Items);
            }

            return Ordered(gl.Items, pl.Items, "ordered items");
        }

        return Ne(EquivalenceMethod.Structural, $"a {Describe(gold)} against a {Describe(pred)}");
    }

    private static string Describe(Node n) => n switch
    {
        ListNode { Kind: ListKind.Paren } => "tuple",
        ListNode { Kind: ListKind.Brace } => "set",
        ListNode => "list",
        Interval => "interval",
        Union => "union",
        Matrix => "matrix",
        Relation => "relation",
        Text => "text",
        _ => "value",
    };

    private static bool IsVector(Matrix m) => m.Rows.Length == 1 || m.Rows.All(r => r.Length == 1);

    private static bool IsIntervalLike(Node n) => n switch
    {
        Interval => true,
        Union => true,
        ListNode { Items.Length: 2, Kind: ListKind.Paren or ListKind.Bracket } l => !l.Items.Any(i => i is Text),
        _ => false,
    };

    private Verdict CompareSetsOfIntervals(Node gold, Node pred)
    {
        var gp = gold is Union gu ? gu.Parts : [gold];
        var pp = pred is Union pu ? pu.Parts : [pred];
        if (gp.Length != pp.Length)
        {
            return Ne(EquivalenceMethod.Structural, "unions with different numbers of parts");
        }

        if (gp.Length == 1)
        {
            return CompareInterval(AsInterval(gp[0]), AsInterval(pp[0]));
        }

        return Unordered(gp, pp);
    }

    private static Node AsInterval(Node n) => n switch
    {
        ListNode { Items.Length: 2, Kind: ListKind.Paren } l => new Interval(l.Items[0], l.Items[1], false, false),
        ListNode { Items.Length: 2, Kind: ListKind.Bracket } l => new Interval(l.Items[0], l.Items[1], true, true),
        _ => n,
    };

    private Verdict CompareInterval(Node gold, Node pred)
    {
        if (gold is Interval g && pred is Interval p)
        {
            if (g.LowClosed != p.LowClosed || g.HighClosed != p.HighClosed)
            {
                return Ne(EquivalenceMethod.Structural, "interval ends differ in openness");
            }

            var lo = Compare(g.Low, p.Low);
            if (!lo.IsEquivalent)
            {
                return Wrap(lo, "lower end");
            }

            var hi = Compare(g.High, p.High);
            return hi.IsEquivalent ? Eq(EquivalenceMethod.Structural, "same interval") : Wrap(hi, "upper end");
        }

        return Compare(gold, pred);
    }

    private Verdict Ordered(ImmutableArray<Node> gold, ImmutableArray<Node> pred, string what)
    {
        if (gold.Length != pred.Length)
        {
            return Ne(EquivalenceMethod.Structural, $"{gold.Length} {what} against {pred.Length}");
        }

        for (var k = 0; k < gold.Length; k++)
        {
            var v = Compare(gold[k], pred[k]);
            if (!v.IsEquivalent)
            {
                return Wrap(v, $"item {k + 1}");
            }
        }

        return Eq(EquivalenceMethod.Structural, $"all {gold.Length} {what} match in order");
    }

    // Lists of exact numbers (no shown decimals, so no rounding policy applies) are equal exactly when their sorted values
    // are: n log n instead of n^2 element comparisons, so 2,000-element lists are decided, not cut off by the budget.
    private Verdict? ExactMultiset(ImmutableArray<Node> gold, ImmutableArray<Node> pred)
    {
        if (gold.Length < 8 || !gold.All(n => n is Num { Decimals: < 1 }) || !pred.All(n => n is Num { Decimals: < 1 }))
        {
            return null;
        }

        var g = gold.Select(n => ((Num)n).Value).ToArray();
        var p = pred.Select(n => ((Num)n).Value).ToArray();
        var bits = g.Sum(v => v.Bits) + p.Sum(v => v.Bits);
        var log = 1 + (long)Math.Log2(g.Length);
        _budget.Spend(1 + (((bits >> 6) + g.Length + p.Length) * log));
        Array.Sort(g);
        Array.Sort(p);
        for (var k = 0; k < g.Length; k++)
        {
            if (g[k] != p[k])
            {
                return Ne(EquivalenceMethod.Structural, $"the elements differ as multisets (sorted position {k + 1})");
            }
        }

        return Eq(EquivalenceMethod.Structural, $"the same {g.Length} elements in any order");
    }

    private Verdict Unordered(ImmutableArray<Node> gold, ImmutableArray<Node> pred)
    {
        if (gold.Length != pred.Length)
        {
            return Ne(EquivalenceMethod.Structural, $"{gold.Length} elements against {pred.Length}");
        }

        if (ExactMultiset(gold, pred) is { } exact)
        {
            return exact;
        }

        var used = new bool[pred.Length];
        var unknown = false;
        for (var k = 0; k < gold.Length; k++)
        {
            var matched = false;
            for (var j = 0; j < pred.Length && !matched; j++)
            {
                if (used[j])
                {
                    continue;
                }

                // Each attempt wraps a full comparison and its reasons: as costly again as a plain one.
                _budget.Spend(CompareCost);
                var v = Compare(gold[k], pred[j]);
                if (v.IsEquivalent)
                {
                    used[j] = true;
                    matched = true;
                }
                else if (v.Outcome == Outcome.Unknown)
                {
                    unknown = true;
                }
            }

            if (!matched)
            {
                return unknown
                    ? Unknown(EquivalenceMethod.Structural, $"element {k + 1} of gold could not be decided")
                    : Ne(EquivalenceMethod.Structural, $"element {k + 1} of gold has no match");
            }
        }

        return Eq(EquivalenceMethod.Structural, $"the same {gold.Length} elements in any order");
    }

    // ------------------------------------------------------------------ text and bases

    private static Verdict CompareText(Node gold, Node pred)
    {
        var g = TextOf(gold);
        var p = TextOf(pred);
        if (g is null || p is null)
        {
            return Ne(EquivalenceMethod.String, "text against a mathematical value");
        }

        var same = g.Length <= 1 && p.Length <= 1
            ? string.Equals(g, p, StringComparison.Ordinal)
            : string.Equals(g, p, StringComparison.OrdinalIgnoreCase);
        return same ? Eq(EquivalenceMethod.String, "same words") : Ne(EquivalenceMethod.String, "different words");
    }

    private static string? TextOf(Node n) => n switch
    {
        Text t => t.Value.Trim('(', ')', '.', ' '),
        Sym s => s.Name,
        Const { Kind: ConstKind.E } => "e",
        Const { Kind: ConstKind.I } => "i",
        _ => null,
    };

    private static Verdict CompareBase(Node gold, Node pred)
    {
        if (gold is BaseNumber g && pred is BaseNumber p)
        {
            return g.Base == p.Base && g.Digits.TrimStart('0') == p.Digits.TrimStart('0')
                ? Eq(EquivalenceMethod.Exact, "same digits in the same base")
                : Ne(EquivalenceMethod.Exact, "different base-n numbers");
        }

        // A bare number against a base-n gold counts when its digits are the base-n digits (the subscript was dropped).
        var (b, other) = gold is BaseNumber gb ? (gb, pred) : ((BaseNumber)pred, gold);
        return other is Num { Decimals: < 0 } n && n.Value.IsInteger && n.Value.ToString() == b.Digits.TrimStart('0')
            ? Eq(EquivalenceMethod.String, "same digits, base subscript dropped")
            : Ne(EquivalenceMethod.Exact, "different numbers");
    }
}
