using System.Collections.Immutable;
using System.Numerics;

namespace Mario.Eval.Expressions;

/// <summary>
/// Compares two parsed answers, cheapest first: structural identity, then by kind (relations, collections, text),
/// then scalars by exact rational arithmetic, a decimal-precision policy, numeric evaluation of closed forms, and
/// numeric probing at seeded random points for expressions with variables. Policies are documented in docs/checker.md.
/// </summary>
internal sealed partial class Comparer
{
    private readonly WorkBudget _budget;
    private readonly EquivalenceOptions _options;
    private readonly Evaluator _eval;

    public Comparer(WorkBudget budget, EquivalenceOptions options)
    {
        _budget = budget;
        _options = options;
        _eval = new Evaluator(budget);
    }

    private const int CompareCost = 4;

    /// <summary>
    /// True when the gold answer states a membership (<c>x \in [a, b]</c>): it names its variable, so an inequality in
    /// that variable answers it (an inequality predicted for a bare interval may only echo the question).
    /// </summary>
    public bool GoldStatesMembership { get; init; }

    private static Verdict Eq(EquivalenceMethod m, string reason) => new(Outcome.Equivalent, m, reason);

    private static Verdict Ne(EquivalenceMethod m, string reason) => new(Outcome.NotEquivalent, m, reason);

    private static Verdict Unknown(EquivalenceMethod m, string reason) => new(Outcome.Unknown, m, reason);

    public Verdict Compare(Node gold, Node pred)
    {
        // A comparison allocates readings, symbol sets and reasons: several steps' worth of work (calibrated, docs/checker.md).
        _budget.Spend(CompareCost);
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
        Union u when u.Parts.All(p => p is ListNode { Kind: ListKind.Brace }) =>
            // {1, 2} U {3} is the literal set {1, 2, 3}; an element written twice is one element.
            new ListNode([.. u.Parts.SelectMany(p => ((ListNode)p).Items).Distinct()], ListKind.Brace),
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

}
