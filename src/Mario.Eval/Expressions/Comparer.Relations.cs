using System.Collections.Immutable;
using System.Numerics;

namespace Mario.Eval.Expressions;

internal sealed partial class Comparer
{
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
        // A gold that states the membership itself ("x \in [a, b]") names the variable, so "a <= x <= b" answers it.
        if (GoldStatesMembership && ToIntervals(pr) is { } predSet)
        {
            return Wrap(Compare(gold, predSet), "predicted inequality as a set");
        }

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
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        Evaluator.CollectSymbols(g, symbols);
        Evaluator.CollectSymbols(p, symbols);
        if (symbols.Count == 0)
        {
            // Without variables a relation is a worked statement (\log 0.01 = -2): compare it side by side,
            // never up to a factor (both sides of a false statement would otherwise "agree").
            if (!g.Ops.SequenceEqual(p.Ops) || g.Operands.Length != p.Operands.Length)
            {
                return Ne(EquivalenceMethod.Structural, "different worked statements");
            }

            return Ordered(g.Operands, p.Operands, "sides");
        }

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
                    // Same named left side: the equations agree exactly when the right sides do (no scaling possible).
                    return Wrap(Compare(g.Operands[1], p.Operands[1]), "same left side");
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

    // y, f(x), f^{-1}(x): the left side names a function's value, so differently named ones still compare right sides.
    private static bool IsDependent(Node n) =>
        n is Sym { Name: "y" } or Func { Name.Length: 1 }
        || (n is Mul m && m.Factors.Any(f => f is Pow { Base: Sym, Exponent: Num { Value: var e } } && e == -BigRational.One));

    private static bool IsOrder(RelOp op) => op is RelOp.Lt or RelOp.Le or RelOp.Gt or RelOp.Ge;

    private static Node Difference(Relation r) => new Add([r.Operands[0], new Mul([new Num(-1), r.Operands[1]])]);

    // a < b and b > a both become (strict, a - b) meaning "a - b < 0".
    private static (bool Strict, Node Expr) Oriented(Relation r)
    {
        var op = r.Ops[0];
        var (lo, hi) = op is RelOp.Lt or RelOp.Le ? (r.Operands[0], r.Operands[1]) : (r.Operands[1], r.Operands[0]);
        return (op is RelOp.Lt or RelOp.Gt, new Add([lo, new Mul([new Num(-1), hi])]));
    }

    // Converts a one-variable inequality (x > 5, -2 <= x < 1) into an interval, and a range of |x| into a union.
    private static Node? ToIntervals(Relation r)
    {
        if (AbsoluteRange(r) is { } range)
        {
            return range;
        }

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

    // |z| < b is (-b, b); |z| >= a is (-inf, -a] U [a, inf); a <= |z| <= b (0 < a) is [-b, -a] U [a, b]. Bounds must be
    // plain non-negative numbers so the shape is certain (|z| >= -1 is every real, not two rays).
    private static Node? AbsoluteRange(Relation r)
    {
        static Node? Var(Node n) => n is Func { Name: "abs", Args: [Sym s] } ? s : null;
        static bool NonNegative(Node n) => n is Num { Value.Sign: >= 0 };
        static Node Neg(Node n) => n is Num num ? new Num(-num.Value, num.Decimals) : new Mul([new Num(-1), n]);
        var inf = new Const(ConstKind.Infinity);
        var minusInf = new Mul([new Num(-1), inf]);
        Node Below(Node b, bool closed) => new Interval(Neg(b), b, closed, closed);
        Node Above(Node a, bool closed) => new Union([new Interval(minusInf, Neg(a), false, closed), new Interval(a, inf, closed, false)]);

        if (r.Operands.Length == 2 && IsOrder(r.Ops[0]))
        {
            // Normalise to "|z| op bound".
            var (abs, bound, op) = Var(r.Operands[0]) is not null
                ? (r.Operands[0], r.Operands[1], r.Ops[0])
                : (r.Operands[1], r.Operands[0], Flip(r.Ops[0]));
            if (Var(abs) is null || !NonNegative(bound) || ((Num)bound).Value.IsZero)
            {
                return null;
            }

            return op switch
            {
                RelOp.Lt => Below(bound, false),
                RelOp.Le => Below(bound, true),
                RelOp.Gt => Above(bound, false),
                _ => Above(bound, true),
            };
        }

        if (r.Operands.Length == 3 && Var(r.Operands[1]) is not null && NonNegative(r.Operands[0]) && NonNegative(r.Operands[2]))
        {
            var ascending = r.Ops.All(o => o is RelOp.Lt or RelOp.Le);
            if (!ascending && !r.Ops.All(o => o is RelOp.Gt or RelOp.Ge))
            {
                return null;
            }

            var (lo, hi, loClosed, hiClosed) = ascending
                ? (r.Operands[0], r.Operands[2], r.Ops[0] == RelOp.Le, r.Ops[1] == RelOp.Le)
                : (r.Operands[2], r.Operands[0], r.Ops[1] == RelOp.Ge, r.Ops[0] == RelOp.Ge);
            if (((Num)lo).Value.IsZero)
            {
                return loClosed ? Below(hi, hiClosed) : null;
            }

            return new Union([new Interval(Neg(hi), Neg(lo), hiClosed, loClosed), new Interval(lo, hi, loClosed, hiClosed)]);
        }

        return null;
    }

    private static RelOp Flip(RelOp op) => op switch
    {
        RelOp.Lt => RelOp.Gt,
        RelOp.Le => RelOp.Ge,
        RelOp.Gt => RelOp.Lt,
        RelOp.Ge => RelOp.Le,
        _ => op,
    };

    // f ~ g when f = c*g for a constant c (any nonzero c for equations, positive c for inequalities).
    private Verdict CompareProportional(Node f, Node g, bool anyScale)
    {
        var symbols = new HashSet<string>(StringComparer.Ordinal);
        Evaluator.CollectSymbols(f, symbols);
        Evaluator.CollectSymbols(g, symbols);
        Complex? ratio = null;
        var valid = 0;
        var decimals = MinDecimals(DecimalsOf(f), DecimalsOf(g));
        var tolerance = decimals >= 0 ? Math.Max(1e-7, Math.Min(1e-3, 0.5 * Math.Pow(10, -decimals))) : 1e-7;
        var rng = new Random(_options.Seed);
        for (var trial = 0; trial < _options.ProbePoints * 2 && valid < _options.ProbePoints; trial++)
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
}
