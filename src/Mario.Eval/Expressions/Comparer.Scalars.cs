using System.Collections.Immutable;
using System.Numerics;

namespace Mario.Eval.Expressions;

internal sealed partial class Comparer
{
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

        _budget.SpendBits(b.Bits * Math.Abs(p), b.Bits * Math.Abs(p));
        _budget.SpendBits(r.Bits * q, r.Bits * q);
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
            // The prediction may show more digits than the gold, never fewer: 3.1416 matches a gold 3.14, 1.3 not 1.25.
            return predPlaces > goldPlaces && pred.Round(goldPlaces) == gold
                ? Eq(EquivalenceMethod.Numeric, $"equal when rounded to the gold's {goldPlaces} decimal places")
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
        var rng = new Random(_options.Seed);
        var valid = 0;
        for (var trial = 0; trial < _options.ProbePoints * 2 && valid < _options.ProbePoints; trial++)
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

        return valid >= Math.Min(3, _options.ProbePoints)
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
