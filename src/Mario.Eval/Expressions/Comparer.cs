using System.Collections.Immutable;
using System.Numerics;

namespace Mario.Eval.Expressions;

/// <summary>
/// Compares two parsed answers, cheapest first: structural identity, then by kind (relations, collections, text),
/// then scalars by exact rational arithmetic, a decimal-precision policy, numeric evaluation of closed forms, and
/// numeric probing at seeded random points for expressions with variables. Policies are documented in docs/checker.md.
/// </summary>
internal sealed class Comparer(WorkBudget budget, EquivalenceOptions options)
{
    private readonly Evaluator _eval = new(budget);

    private static Verdict Eq(EquivalenceMethod m, string reason) => new(Outcome.Equivalent, m, reason);

    private static Verdict Ne(EquivalenceMethod m, string reason) => new(Outcome.NotEquivalent, m, reason);

    private static Verdict Unknown(EquivalenceMethod m, string reason) => new(Outcome.Unknown, m, reason);

    public Verdict Compare(Node gold, Node pred)
    {
        budget.Spend();
        gold = Canonical(gold);
        pred = Canonical(pred);
        if (gold.Equals(pred))
        {
            return Eq(EquivalenceMethod.String, "identical after normalisation");
        }

        if (gold is Relation || pred is Relation)
        {
            return CompareRelations(gold, pred);
        }

        if (IsCollection(gold) || IsCollection(pred))
        {
            return CompareCollections(gold, pred);
        }

        if (gold is Text || pred is Text)
        {
            return CompareText(gold, pred);
        }

        if (gold is BaseNumber || pred is BaseNumber)
        {
            return CompareBase(gold, pred);
        }

        return CompareScalarReadings(gold, pred);
    }

    // ------------------------------------------------------------------ canonical shapes

    private static Node Canonical(Node node) => node switch
    {
        ListNode { Items.Length: 1, Kind: ListKind.Bare or ListKind.Paren or ListKind.Blanks } l => Canonical(l.Items[0]),
        Union { Parts.Length: 1 } u => Canonical(u.Parts[0]),
        NamedSet { Kind: SetKind.Reals } => new Interval(new Mul([new Num(-1), new Const(ConstKind.Infinity)]), new Const(ConstKind.Infinity), false, false),
        NamedSet { Kind: SetKind.Empty } => new ListNode([], ListKind.Brace),
        PlusMinus pm => new ListNode([new Add([pm.Center, pm.Offset]), new Add([pm.Center, new Mul([new Num(-1), pm.Offset])])], ListKind.Bare),
        Add or Mul or Pow or Func when ContainsPlusMinus(node) => new ListNode([Canonical(ResolvePm(node, 1)), Canonical(ResolvePm(node, -1))], ListKind.Bare),
        ListNode l when l.Items.Any(ContainsPlusMinus) && l.Kind is ListKind.Bare or ListKind.Brace =>
            l with { Items = [.. l.Items.SelectMany(i => ContainsPlusMinus(i) && Canonical(i) is ListNode { Kind: ListKind.Bare } e ? e.Items : [i])] },
        Relation r => CanonicalRelation(r),
        _ => node,
    };

    private static bool ContainsPlusMinus(Node n) => n switch
    {
        PlusMinus => true,
        Add a => a.Terms.Any(ContainsPlusMinus),
        Mul m => m.Factors.Any(ContainsPlusMinus),
        Pow p => ContainsPlusMinus(p.Base) || ContainsPlusMinus(p.Exponent),
        Func f => f.Args.Any(ContainsPlusMinus),
        Relation r => r.Operands.Any(ContainsPlusMinus),
        _ => false,
    };

    // Picks one branch of every \pm in an expression: \frac{-1 \pm i\sqrt3}{4} -> \frac{-1 + i\sqrt3}{4}.
    private static Node ResolvePm(Node n, int sign) => n switch
    {
        PlusMinus pm => new Add([pm.Center, sign > 0 ? pm.Offset : new Mul([new Num(-1), pm.Offset])]),
        Add a => new Add([.. a.Terms.Select(t => ResolvePm(t, sign))]),
        Mul m => new Mul([.. m.Factors.Select(f => ResolvePm(f, sign))]),
        Pow p => new Pow(ResolvePm(p.Base, sign), ResolvePm(p.Exponent, sign)),
        Func f => f with { Args = [.. f.Args.Select(x => ResolvePm(x, sign))] },
        _ => n,
    };

    private static Node CanonicalRelation(Relation r)
    {
        // y = \pm\sqrt{3}x is the pair of relations y = \sqrt{3}x, y = -\sqrt{3}x.
        if (r.Operands.Any(ContainsPlusMinus))
        {
            var plus = r with { Operands = [.. r.Operands.Select(o => ResolvePm(o, 1))] };
            var minus = r with { Operands = [.. r.Operands.Select(o => ResolvePm(o, -1))] };
            return new ListNode([CanonicalRelation(plus), CanonicalRelation(minus)], ListKind.Bare);
        }

        // x = 5+5+1 = 1/3 \approx 0.33: drop everything from the first \approx once an '=' came before it.
        var ops = r.Ops;
        var operands = r.Operands;
        var approx = ops.IndexOf(RelOp.Approx);
        if (approx > 0 && ops.Take(approx).Contains(RelOp.Eq))
        {
            ops = ops[..approx];
            operands = operands[..(approx + 1)];
        }

        if (ops.All(o => o == RelOp.Approx))
        {
            // "x \approx 11" is 11; "\frac{\sqrt3}{3} \approx 0.577" is the exact value on the left.
            return IsNameLike(operands[0]) ? operands[^1] : operands[0];
        }

        ops = [.. ops.Select(o => o == RelOp.Approx ? RelOp.Eq : o)];

        // Chains of '=': keep the first and last operand (x = 5+5+1 = 11 reads as x = 11).
        if (ops.Length > 1 && ops.All(o => o == RelOp.Eq))
        {
            return new Relation([operands[0], operands[^1]], [RelOp.Eq]) { WasChain = true };
        }

        return new Relation(operands, ops);
    }

    private static bool IsCollection(Node n) => n is ListNode or Interval or Union or Matrix;

    // Left sides that name the answer rather than constrain it: x, f(x), a_1, AB, (p,q), NO/BO, V_1:V_2.
    private static bool IsNameLike(Node n) => n switch
    {
        Sym => true,
        Func { Name: "ratio" } r => r.Args.All(IsNameLike),
        Func f => f.Name.Length == 1,
        Mul m => m.Factors.All(f => IsNameLike(f) || (f is Pow { Exponent: Num { Value: var e } } p && e == -BigRational.One && IsNameLike(p.Base))),
        ListNode { Kind: ListKind.Paren } l => l.Items.All(i => i is Sym),
        _ => false,
    };

    // ------------------------------------------------------------------ relations

    private Verdict CompareRelations(Node gold, Node pred)
    {
        if (gold is Relation g && pred is Relation p)
        {
            return CompareTwoRelations(g, p);
        }

        if (gold is Relation gr)
        {
            if (gr.Ops is [RelOp.Eq] && (IsNameLike(gr.Operands[0]) || gr.Operands.Length > 2 || IsChainResult(gr)))
            {
                return Wrap(Compare(gr.Operands[^1], pred), "gold assignment's value");
            }

            if (IsCollection(pred) && ToIntervals(gr) is { } goldSet)
            {
                return Wrap(Compare(goldSet, pred), "gold inequality as a set");
            }

            return Ne(EquivalenceMethod.Structural, "gold is a relation, prediction is not");
        }

        var pr = (Relation)pred;
        if (pr.Ops is [RelOp.Eq] && (IsNameLike(pr.Operands[0]) || IsChainResult(pr) || IsConstant(pr.Operands[0])))
        {
            return Wrap(Compare(gold, pr.Operands[^1]), "predicted assignment's value");
        }

        // Deliberately asymmetric (as Math-Verify): an inequality predicted for an interval gold may just echo the question.
        return Ne(EquivalenceMethod.Structural, "prediction is a relation, gold is not");
    }

    // "35 + 70 = 105": a worked computation; its result is the answer.
    private static bool IsConstant(Node n)
    {
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        Evaluator.CollectSymbols(n, symbols);
        return symbols.Count == 0 && n is not ListNode && n is not Text;
    }

    private static bool IsChainResult(Relation r) => r.Operands.Length > 2 || r.WasChain;

    private static Verdict Wrap(Verdict inner, string context) => inner with { Reason = $"{context}: {inner.Reason}" };

    private Verdict CompareTwoRelations(Relation g, Relation p)
    {
        if (g.Ops.Length == 1 && p.Ops.Length == 1)
        {
            var go = g.Ops[0];
            var po = p.Ops[0];
            if (go == RelOp.Eq && po == RelOp.Eq)
            {
                // y = 2x+1 vs f(x) = 2x+1: both sides name a function value; compare the definitions.
                if (IsNameLike(g.Operands[0]) && IsNameLike(p.Operands[0])
                    && (g.Operands[0].Equals(p.Operands[0]) || (IsDependent(g.Operands[0]) && IsDependent(p.Operands[0]))))
                {
                    var rhs = Compare(g.Operands[1], p.Operands[1]);
                    if (rhs.IsEquivalent)
                    {
                        return Wrap(rhs, "same left side");
                    }
                }

                return CompareProportional(Difference(g), Difference(p), anyScale: true);
            }

            if (go == RelOp.Ne && po == RelOp.Ne)
            {
                return CompareProportional(Difference(g), Difference(p), anyScale: true);
            }

            if (IsOrder(go) && IsOrder(po))
            {
                var (gs, gf) = Oriented(g);
                var (ps, pf) = Oriented(p);
                if (gs != ps)
                {
                    return Ne(EquivalenceMethod.Structural, "strict and non-strict inequalities differ");
                }

                return CompareProportional(gf, pf, anyScale: false);
            }

            return Ne(EquivalenceMethod.Structural, "different relation types");
        }

        if (ToIntervals(g) is { } gi && ToIntervals(p) is { } pi)
        {
            return Compare(gi, pi);
        }

        if (g.Ops.SequenceEqual(p.Ops) && g.Operands.Length == p.Operands.Length)
        {
            for (var k = 0; k < g.Operands.Length; k++)
            {
                var v = Compare(g.Operands[k], p.Operands[k]);
                if (!v.IsEquivalent)
                {
                    return v;
                }
            }

            return Eq(EquivalenceMethod.Structural, "relation chains match term by term");
        }

        return Ne(EquivalenceMethod.Structural, "different relation chains");
    }

    private static bool IsDependent(Node n) => n is Sym { Name: "y" } or Func { Name.Length: 1 };

    private static bool IsOrder(RelOp op) => op is RelOp.Lt or RelOp.Le or RelOp.Gt or RelOp.Ge;

    private static Node Difference(Relation r) => new Add([r.Operands[0], new Mul([new Num(-1), r.Operands[1]])]);

    // a < b and b > a both become (strict, a - b) meaning "a - b < 0".
    private static (bool Strict, Node Expr) Oriented(Relation r)
    {
        var op = r.Ops[0];
        var (lo, hi) = op is RelOp.Lt or RelOp.Le ? (r.Operands[0], r.Operands[1]) : (r.Operands[1], r.Operands[0]);
        return (op is RelOp.Lt or RelOp.Gt, new Add([lo, new Mul([new Num(-1), hi])]));
    }

    // Converts a one-variable inequality (x > 5, -2 <= x < 1) into an interval.
    private static Node? ToIntervals(Relation r)
    {
        var inf = new Const(ConstKind.Infinity);
        var minusInf = new Mul([new Num(-1), inf]);
        if (r.Operands.Length == 2 && IsOrder(r.Ops[0]))
        {
            var op = r.Ops[0];
            if (r.Operands[0] is Sym)
            {
                return op switch
                {
                    RelOp.Lt => new Interval(minusInf, r.Operands[1], false, false),
                    RelOp.Le => new Interval(minusInf, r.Operands[1], false, true),
                    RelOp.Gt => new Interval(r.Operands[1], inf, false, false),
                    _ => new Interval(r.Operands[1], inf, true, false),
                };
            }

            if (r.Operands[1] is Sym)
            {
                return op switch
                {
                    RelOp.Gt => new Interval(minusInf, r.Operands[0], false, false),
                    RelOp.Ge => new Interval(minusInf, r.Operands[0], false, true),
                    RelOp.Lt => new Interval(r.Operands[0], inf, false, false),
                    _ => new Interval(r.Operands[0], inf, true, false),
                };
            }
        }

        if (r.Operands.Length == 3 && IsNameLike(r.Operands[1]) && r.Ops.All(o => o is RelOp.Lt or RelOp.Le))
        {
            return new Interval(r.Operands[0], r.Operands[2], r.Ops[0] == RelOp.Le, r.Ops[1] == RelOp.Le);
        }

        if (r.Operands.Length == 3 && IsNameLike(r.Operands[1]) && r.Ops.All(o => o is RelOp.Gt or RelOp.Ge))
        {
            return new Interval(r.Operands[2], r.Operands[0], r.Ops[1] == RelOp.Ge, r.Ops[0] == RelOp.Ge);
        }

        return null;
    }

    // f ~ g when f = c*g for a constant c (any nonzero c for equations, positive c for inequalities).
    private Verdict CompareProportional(Node f, Node g, bool anyScale)
    {
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        Evaluator.CollectSymbols(f, symbols);
        Evaluator.CollectSymbols(g, symbols);
        Complex? ratio = null;
        var valid = 0;
        var decimals = MinDecimals(DecimalsOf(f), DecimalsOf(g));
        var tolerance = decimals >= 0 ? Math.Max(1e-7, Math.Min(1e-2, 5 * Math.Pow(10, -decimals))) : 1e-7;
        var rng = new Random(options.Seed);
        for (var trial = 0; trial < options.ProbePoints * 2 && valid < options.ProbePoints; trial++)
        {
            var env = Probe(symbols, rng);
            var fv = _eval.Eval(f, env);
            var gv = _eval.Eval(g, env);
            if (!IsFinite(fv) || !IsFinite(gv))
            {
                continue;
            }

            var fz = fv.Magnitude < 1e-9;
            var gz = gv.Magnitude < 1e-9;
            if (fz || gz)
            {
                if (fz != gz)
                {
                    return Ne(EquivalenceMethod.Numeric, "relations differ at a probe point");
                }

                continue;
            }

            var r = fv / gv;
            if (ratio is null)
            {
                ratio = r;
            }
            else if ((r - ratio.Value).Magnitude > tolerance * Math.Max(1, ratio.Value.Magnitude))
            {
                return Ne(EquivalenceMethod.Numeric, "relations are not multiples of each other");
            }

            valid++;
        }

        if (ratio is null)
        {
            return symbols.Count == 0
                ? Eq(EquivalenceMethod.Exact, "both relations are identities")
                : Unknown(EquivalenceMethod.Numeric, "no usable probe point");
        }

        if (!anyScale && (Math.Abs(ratio.Value.Imaginary) > 1e-9 || ratio.Value.Real <= 0))
        {
            return Ne(EquivalenceMethod.Numeric, "inequalities point in opposite directions");
        }

        return Eq(EquivalenceMethod.Numeric, $"relations agree up to a constant factor at {valid} probe points");
    }

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

    private Verdict Unordered(ImmutableArray<Node> gold, ImmutableArray<Node> pred)
    {
        if (gold.Length != pred.Length)
        {
            return Ne(EquivalenceMethod.Structural, $"{gold.Length} elements against {pred.Length}");
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

    // ------------------------------------------------------------------ scalars

    private Verdict CompareScalarReadings(Node gold, Node pred)
    {
        Verdict? first = null;
        foreach (var g in Readings(gold))
        {
            foreach (var p in Readings(pred))
            {
                var v = CompareScalar(g, p);
                if (v.IsEquivalent)
                {
                    return v;
                }

                first ??= v;
            }
        }

        return first!;
    }

    // A percentage reads as its number or its value (28% = 28 = 0.28); an angle in degrees as the number or radians.
    private static IEnumerable<Node> Readings(Node n)
    {
        switch (n)
        {
            case Percent p:
                yield return new Mul([p.Value, new Pow(new Num(100), new Num(-1))]);
                yield return p.Value;
                break;
            case Degrees d:
                yield return d.Value;
                yield return new Mul([d.Value, new Const(ConstKind.Pi), new Pow(new Num(180), new Num(-1))]);
                break;
            default:
                yield return n;
                break;
        }
    }

    private Verdict CompareScalar(Node gold, Node pred)
    {
        if (gold.Equals(pred))
        {
            return Eq(EquivalenceMethod.String, "identical");
        }

        var symbols = new HashSet<string>(StringComparer.Ordinal);
        Evaluator.CollectSymbols(gold, symbols);
        Evaluator.CollectSymbols(pred, symbols);
        var decimals = MinDecimals(DecimalsOf(gold), DecimalsOf(pred));
        var goldPlain = PlainDecimal(gold);
        var predPlain = PlainDecimal(pred);
        if (symbols.Count == 0)
        {
            var ge = _eval.TryExact(gold);
            var pe = _eval.TryExact(pred);
            if (ge is { } gx && pe is { } px)
            {
                if (gx == px)
                {
                    return Eq(EquivalenceMethod.Exact, $"both equal {Short(gx)}");
                }

                if (goldPlain >= 0 || predPlain >= 0)
                {
                    return DecimalPolicy(gx, goldPlain, px, predPlain);
                }

                return Ne(EquivalenceMethod.Exact, $"{Short(gx)} != {Short(px)}");
            }

            if ((ge is null) != (pe is null) && decimals < 0 && ExactRootCheck(ge is null ? gold : pred, ge ?? pe!.Value) is { } rootVerdict)
            {
                return rootVerdict;
            }

            return CompareClosedForms(gold, pred, goldPlain, predPlain, decimals);
        }

        return Probe(gold, pred, symbols, decimals);
    }

    // b^(p/q) against a rational r: decided exactly by comparing b^p with r^q (doubles cannot tell sqrt(2^100+1) from 2^50).
    private Verdict? ExactRootCheck(Node root, BigRational r)
    {
        if (root is not Pow pw || _eval.TryExact(pw.Exponent) is not { } e || _eval.TryExact(pw.Base) is not { } b
            || e.Denominator > 16 || BigInteger.Abs(e.Numerator) > 16 || b.Sign < 0 || b.Bits > 20_000 || r.Bits > 20_000)
        {
            return null;
        }

        var q = (int)e.Denominator;
        var p = (int)e.Numerator;
        if (r.Sign < 0)
        {
            return Ne(EquivalenceMethod.Exact, "a principal root of a positive number is positive");
        }

        if (b.IsZero)
        {
            return null;
        }

        return b.Pow(p) == r.Pow(q)
            ? Eq(EquivalenceMethod.Exact, "equal after raising both sides to an integer power")
            : Ne(EquivalenceMethod.Exact, "differ after raising both sides to an integer power");
    }

    private static string Short(BigRational v)
    {
        var s = v.ToString();
        return s.Length <= 40 ? s : $"a {v.Numerator.GetBitLength() + v.Denominator.GetBitLength()}-bit rational";
    }

    // Decimals vs exact values (see docs/checker.md): a decimal with k places matches an exact value within one unit of
    // its last place (rounded or truncated) and within 1% relative; two decimals match when the longer one rounds to the
    // shorter (the gold's shown precision).
    private static Verdict DecimalPolicy(BigRational gold, int goldPlaces, BigRational pred, int predPlaces)
    {
        if (goldPlaces >= 0 && predPlaces >= 0)
        {
            var k = Math.Min(goldPlaces, predPlaces);
            var (shorter, longer) = goldPlaces <= predPlaces ? (gold, pred) : (pred, gold);
            return longer.Round(k) == shorter
                ? Eq(EquivalenceMethod.Numeric, $"equal when rounded to {k} decimal places")
                : Ne(EquivalenceMethod.Exact, $"{Short(gold)} != {Short(pred)}");
        }

        var (dec, places, exact) = goldPlaces >= 0 ? (gold, goldPlaces, pred) : (pred, predPlaces, gold);
        var diff = (dec - exact).Abs();
        var ulp = BigRational.PowerOfTen(-places);
        var withinUlp = diff < ulp;
        var withinRelative = diff <= exact.Abs() * new BigRational(1, 100);
        return withinUlp && withinRelative
            ? Eq(EquivalenceMethod.Numeric, $"decimal with {places} places matches the exact value")
            : Ne(EquivalenceMethod.Exact, $"{Short(gold)} != {Short(pred)}");
    }

    private Verdict CompareClosedForms(Node gold, Node pred, int goldPlain, int predPlain, int decimals)
    {
        var empty = new Dictionary<string, Complex>();
        _eval.Reset();
        var gv = _eval.Eval(gold, empty);
        var gScale = _eval.Scale;
        var pv = _eval.Eval(pred, empty);
        var scale = Math.Max(gScale, _eval.Scale);
        if (_eval.LostPrecision)
        {
            return Unknown(EquivalenceMethod.Numeric, "values differ below double precision (an exponent too small)");
        }

        if (double.IsNaN(gv.Real) != double.IsNaN(pv.Real) && IsFinite(double.IsNaN(gv.Real) ? pv : gv))
        {
            return Ne(EquivalenceMethod.Numeric, "only one side has a numeric value");
        }

        if (!IsFinite(gv) || !IsFinite(pv))
        {
            return Unknown(EquivalenceMethod.Numeric, "a value is undefined or outside the double range");
        }

        if (TooSmallOrLarge(gv) || TooSmallOrLarge(pv))
        {
            return Unknown(EquivalenceMethod.Numeric, "a value is too small or too large to compare in doubles");
        }

        if (goldPlain >= 0 || predPlain >= 0)
        {
            var (dec, places, exact) = goldPlain >= 0 ? (gv, goldPlain, pv) : (pv, predPlain, gv);
            var diff = (dec - exact).Magnitude;
            return diff < Math.Pow(10, -places) * (1 + 1e-9) && diff <= 0.01 * exact.Magnitude * (1 + 1e-9)
                ? Eq(EquivalenceMethod.Numeric, $"decimal with {places} places matches the closed form")
                : Ne(EquivalenceMethod.Numeric, $"{Fmt(gv)} != {Fmt(pv)}");
        }

        return Close(gv, pv, scale, decimals)
            ? Eq(EquivalenceMethod.Symbolic, $"closed forms agree numerically ({Fmt(gv)})")
            : Ne(EquivalenceMethod.Numeric, $"{Fmt(gv)} != {Fmt(pv)}");
    }

    private Verdict Probe(Node gold, Node pred, HashSet<string> symbols, int decimals)
    {
        var rng = new Random(options.Seed);
        var valid = 0;
        for (var trial = 0; trial < options.ProbePoints * 2 && valid < options.ProbePoints; trial++)
        {
            var env = Probe(symbols, rng);
            _eval.Reset();
            var gv = _eval.Eval(gold, env);
            var gScale = _eval.Scale;
            var pv = _eval.Eval(pred, env);
            if (!IsFinite(gv) || !IsFinite(pv) || _eval.LostPrecision)
            {
                continue;
            }

            if (!Close(gv, pv, Math.Max(gScale, _eval.Scale), decimals))
            {
                return Ne(EquivalenceMethod.Numeric, $"differ at a probe point ({Fmt(gv)} vs {Fmt(pv)})");
            }

            valid++;
        }

        return valid >= Math.Min(3, options.ProbePoints)
            ? Eq(EquivalenceMethod.Numeric, $"agree at {valid} seeded probe points")
            : Unknown(EquivalenceMethod.Numeric, "too few probe points where both sides are defined");
    }

    private static Dictionary<string, Complex> Probe(HashSet<string> symbols, Random rng)
    {
        var env = new Dictionary<string, Complex>(symbols.Count, StringComparer.Ordinal);
        foreach (var s in symbols.Order(StringComparer.Ordinal))
        {
            // Positive, non-integer points: principal roots agree, and no accidental integer coincidences.
            env[s] = 0.35 + (2.1 * rng.NextDouble());
        }

        return env;
    }

    private static bool Close(Complex a, Complex b, double scale, int decimals)
    {
        // A decimal literal inside an expression carries only its shown precision (capped so 2.5x != 2.4x).
        var relTol = decimals >= 0 ? Math.Max(1e-9, Math.Min(1e-3, 0.5 * Math.Pow(10, -decimals))) : 1e-9;
        var diff = (a - b).Magnitude;
        var size = Math.Max(a.Magnitude, b.Magnitude);
        if (diff <= relTol * size)
        {
            return true;
        }

        // An exact zero against a rounding residue (\sin\pi = 1.2e-16).
        if ((a == Complex.Zero || b == Complex.Zero) && size < 1e-13)
        {
            return true;
        }

        // Near zero, a value is only as exact as the terms that cancelled to produce it.
        return scale > 0 && size < 1e-10 * scale && diff <= 1e-10 * scale;
    }

    private static bool IsFinite(Complex c) => double.IsFinite(c.Real) && double.IsFinite(c.Imaginary);

    private static bool TooSmallOrLarge(Complex c) => c != Complex.Zero && (c.Magnitude < 1e-250 || c.Magnitude > 1e250);

    private static string Fmt(Complex c) =>
        c.Imaginary == 0 ? c.Real.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)
            : $"{c.Real.ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}{(c.Imaginary < 0 ? "-" : "+")}{Math.Abs(c.Imaginary).ToString("G6", System.Globalization.CultureInfo.InvariantCulture)}i";

    private static int MinDecimals(int a, int b) => a < 0 ? b : b < 0 ? a : Math.Min(a, b);

    // Digits after the point when the node is a plain decimal literal (possibly negated); -1 otherwise.
    private static int PlainDecimal(Node n) => n switch
    {
        Num { Decimals: >= 0 } num => num.Decimals,
        Mul { Factors: [Num { Value: var m, Decimals: < 0 }, Num { Decimals: >= 0 } num] } when m == -BigRational.One => num.Decimals,
        Mul { Factors: [Num { Decimals: >= 0 } num, Pow { Base: Num { Value: var ten }, Exponent: Num { Value: var k } }] }
            when ten == 10 && k.IsInteger && BigInteger.Abs(k.Numerator) < 400 => Math.Max(0, num.Decimals - (int)k.Numerator),
        _ => -1,
    };

    // The fewest decimal places of any decimal literal inside the node (sets the probe tolerance); -1 when none.
    private static int DecimalsOf(Node n)
    {
        var result = int.MaxValue;
        Visit(n);
        return result == int.MaxValue ? -1 : result;

        void Visit(Node x)
        {
            switch (x)
            {
                case Num { Decimals: >= 0 } num:
                    result = Math.Min(result, num.Decimals);
                    break;
                case Add a:
                    foreach (var t in a.Terms)
                    {
                        Visit(t);
                    }

                    break;
                case Mul m:
                    foreach (var f in m.Factors)
                    {
                        Visit(f);
                    }

                    break;
                case Pow p:
                    Visit(p.Base);
                    Visit(p.Exponent);
                    break;
                case Func f:
                    foreach (var a in f.Args)
                    {
                        Visit(a);
                    }

                    break;
            }
        }
    }
}
