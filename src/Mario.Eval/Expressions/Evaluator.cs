using System.Numerics;

namespace Mario.Eval.Expressions;

/// <summary>
/// Evaluates answer nodes two ways: exactly over <see cref="BigRational"/> when the value is rational, and
/// numerically over complex doubles (with free symbols bound to probe values) otherwise. Every step spends budget;
/// powers, factorials and bit sizes are capped so <c>10^{10^{10}}</c> or <c>99999!</c> cannot run away.
/// </summary>
internal sealed class Evaluator(WorkBudget budget)
{
    private const long MaxBits = 200_000;
    private const int MaxFactorial = 3000;

    /// <summary>Set when a numeric step lost the precision needed to trust a comparison (2^{1/2^{1000}} = 1.0 in doubles).</summary>
    public bool LostPrecision { get; private set; }

    /// <summary>Largest magnitude of any summand seen so far; the noise floor for "is this zero".</summary>
    public double Scale { get; private set; }

    /// <summary>Clears <see cref="Scale"/> and <see cref="LostPrecision"/> before a fresh evaluation.</summary>
    public void Reset()
    {
        Scale = 0;
        LostPrecision = false;
    }

    /// <summary>The exact rational value, or null when the node is not a rational constant (or too big to hold).</summary>
    public BigRational? TryExact(Node node)
    {
        budget.Spend();
        switch (node)
        {
            case Num n:
                return n.Value;
            case Add a:
            {
                var sum = BigRational.Zero;
                foreach (var t in a.Terms)
                {
                    if (TryExact(t) is not { } v)
                    {
                        return null;
                    }

                    budget.SpendBits(sum.Bits, v.Bits);
                    sum += v;
                    Guard(sum);
                }

                return sum;
            }

            case Mul m:
            {
                var product = BigRational.One;
                foreach (var f in m.Factors)
                {
                    if (TryExact(f) is not { } v)
                    {
                        return null;
                    }

                    budget.SpendBits(product.Bits, v.Bits);
                    product *= v;
                    Guard(product);
                }

                return product;
            }

            case Pow p:
            {
                if (TryExact(p.Exponent) is not { } e || !e.IsInteger || TryExact(p.Base) is not { } b)
                {
                    return TryExactRoot(p);
                }

                if (b.IsZero && e.Sign < 0)
                {
                    return null;
                }

                if (b.IsZero || b == BigRational.One)
                {
                    return b;
                }

                if (b == -BigRational.One)
                {
                    return e.Numerator.IsEven ? BigRational.One : b;
                }

                var magnitude = BigInteger.Abs(e.Numerator);
                if (magnitude > 100_000 || (double)magnitude * b.Bits > MaxBits)
                {
                    throw new BudgetExceededException(WorkLimit.Magnitude, "power too large to evaluate exactly");
                }

                // Squaring up to the result's size: about a quadratic product of the result's words.
                var resultBits = (long)magnitude * b.Bits;
                budget.SpendBits(resultBits, resultBits);
                return b.Pow((int)e.Numerator);
            }

            case Factorial f:
            {
                if (TryExact(f.Arg) is not { } v || !v.IsInteger || v.Sign < 0)
                {
                    return null;
                }

                if (v.Numerator > MaxFactorial)
                {
                    throw new BudgetExceededException(WorkLimit.Magnitude, "factorial too large to evaluate exactly");
                }

                var n = (int)v.Numerator;
                budget.Spend(n);
                var factorial = Product(1, n);
                budget.SpendBits((long)factorial.GetBitLength(), (long)factorial.GetBitLength() / 2);
                return factorial;
            }

            case Func { Name: "binom", Args.Length: 2 } bf:
            {
                if (TryExact(bf.Args[0]) is not { } nn || TryExact(bf.Args[1]) is not { } kk || !nn.IsInteger || !kk.IsInteger)
                {
                    return null;
                }

                if (kk.Sign < 0 || kk > nn)
                {
                    return nn.Sign >= 0 ? BigRational.Zero : null;
                }

                var n = nn.Numerator;
                var k = BigInteger.Min(kk.Numerator, n - kk.Numerator);
                if (k > MaxFactorial)
                {
                    throw new BudgetExceededException(WorkLimit.Magnitude, "binomial too large to evaluate exactly");
                }

                BigInteger result = BigInteger.One;
                for (var j = BigInteger.One; j <= k; j++)
                {
                    budget.SpendBits((long)result.GetBitLength(), (long)n.GetBitLength());
                    result = result * (n - k + j) / j;
                    if (result.GetBitLength() > MaxBits)
                    {
                        throw new BudgetExceededException(WorkLimit.Magnitude, "binomial too large to evaluate exactly");
                    }
                }

                return result;
            }

            case Func { Name: "abs", Args.Length: 1 } af:
                return TryExact(af.Args[0]) is { } av ? av.Abs() : null;
            case Func { Name: "floor" or "ceil", Args.Length: 1 } ff:
            {
                if (TryExact(ff.Args[0]) is not { } fv)
                {
                    return null;
                }

                var q = BigInteger.DivRem(fv.Numerator, fv.Denominator, out var rem);
                if (rem.Sign < 0 && ff.Name == "floor")
                {
                    q -= 1;
                }
                else if (rem.Sign > 0 && ff.Name == "ceil")
                {
                    q += 1;
                }

                return q;
            }

            case Percent pc:
                return TryExact(pc.Value) is { } pv ? pv / 100 : null;
            default:
                return null;
        }
    }

    // Binary splitting keeps the operands balanced: 3000! in well under a millisecond.
    private BigInteger Product(long lo, long hi)
    {
        budget.Spend();
        if (hi - lo < 16)
        {
            BigInteger r = BigInteger.One;
            for (var k = Math.Max(lo, 2); k <= hi; k++)
            {
                r *= k;
            }

            return r;
        }

        var mid = (lo + hi) / 2;
        return Product(lo, mid) * Product(mid + 1, hi);
    }

    // sqrt(4) = 2, (8/27)^(1/3) = 2/3, 4^(3/2) = 8: exact when the root is a perfect power.
    private BigRational? TryExactRoot(Pow p)
    {
        if (TryExact(p.Exponent) is not { } e || e.IsInteger || e.Denominator > 64 || TryExact(p.Base) is not { } b || b.Sign < 0)
        {
            return null;
        }

        if (b.Bits > 4000 || BigInteger.Abs(e.Numerator) > 64)
        {
            return null;
        }

        budget.SpendBits(b.Bits, b.Bits);

        var root = (int)e.Denominator;
        if (IntegerRoot(b.Numerator, root) is not { } rn || IntegerRoot(b.Denominator, root) is not { } rd)
        {
            return null;
        }

        var rootValue = new BigRational(rn, rd);
        return rootValue.Pow((int)e.Numerator);
    }

    private BigInteger? IntegerRoot(BigInteger value, int root)
    {
        if (value.IsZero || value.IsOne)
        {
            return value;
        }

        // Doubles pin down roots below 2^50 only; past that (or past the double range) the root is not decided exactly here.
        var estimate = Math.Round(Math.Exp(BigInteger.Log(value) / root));
        if (!double.IsFinite(estimate) || estimate > 1e15)
        {
            return null;
        }

        var guess = new BigInteger(estimate);
        for (var delta = -1; delta <= 1; delta++)
        {
            budget.SpendBits((long)value.GetBitLength(), (long)value.GetBitLength());
            var candidate = guess + delta;
            if (candidate.Sign > 0 && BigInteger.Pow(candidate, root) == value)
            {
                return candidate;
            }
        }

        return null;
    }

    private static void Guard(BigRational value)
    {
        if (value.Bits > MaxBits)
        {
            throw new BudgetExceededException(WorkLimit.Magnitude, "exact value too large");
        }
    }

    /// <summary>Numeric value with free symbols bound by <paramref name="env"/>; NaN when undefined or unsupported.</summary>
    public Complex Eval(Node node, IReadOnlyDictionary<string, Complex> env)
    {
        // Complex arithmetic and symbol look-ups cost several parse steps' worth each (calibrated, docs/checker.md).
        budget.Spend(4);
        switch (node)
        {
            case Num n:
                return n.Value.ToDouble();
            case Sym s:
                return env.TryGetValue(s.Name, out var v) ? v : double.NaN;
            case Const c:
                return c.Kind switch
                {
                    ConstKind.Pi => Math.PI,
                    ConstKind.E => Math.E,
                    ConstKind.I => Complex.ImaginaryOne,
                    _ => double.PositiveInfinity,
                };
            case Add a:
            {
                Complex sum = 0;
                double largest = 0;
                var smallest = double.PositiveInfinity;
                foreach (var t in a.Terms)
                {
                    var tv = Eval(t, env);
                    largest = Math.Max(largest, tv.Magnitude);
                    if (tv.Magnitude > 0)
                    {
                        smallest = Math.Min(smallest, tv.Magnitude);
                    }

                    sum += tv;
                }

                // \pi + 10^{-30}: a term below the sum's last bit vanishes in doubles; the value is not what was written.
                if (smallest < largest * 1e-15)
                {
                    LostPrecision = true;
                }

                // Remember the largest term: a result near zero is only as exact as the terms that cancelled.
                Scale = Math.Max(Scale, largest);
                return sum;
            }

            case Mul m:
            {
                Complex product = 1;
                foreach (var f in m.Factors)
                {
                    product *= Eval(f, env);
                }

                return product;
            }

            case Pow p:
                return EvalPow(p, env);
            case Factorial f:
            {
                var x = Eval(f.Arg, env);
                return x.Imaginary == 0 ? Gamma(x.Real + 1) : double.NaN;
            }

            case Percent pc:
                return Eval(pc.Value, env) / 100;
            case Degrees d:
                return Eval(d.Value, env) * Math.PI / 180;
            case Func fn:
                return EvalFunc(fn, env);
            default:
                return double.NaN;
        }
    }

    private Complex EvalPow(Pow p, IReadOnlyDictionary<string, Complex> env)
    {
        if (TryExact(p.Exponent) is { } e && e.IsInteger && BigInteger.Abs(e.Numerator) <= 4096)
        {
            var b = Eval(p.Base, env);
            var k = (int)e.Numerator;
            if (b.Imaginary == 0)
            {
                return Math.Pow(b.Real, k);
            }

            return Complex.Pow(b, k);
        }

        var baseValue = Eval(p.Base, env);
        var exponent = Eval(p.Exponent, env);
        if (exponent != Complex.Zero && exponent.Magnitude < 1e-14 && baseValue.Magnitude is > 0 and not 1)
        {
            LostPrecision = true;
        }

        if (baseValue.Imaginary == 0 && exponent.Imaginary == 0 && baseValue.Real >= 0)
        {
            return Math.Pow(baseValue.Real, exponent.Real);
        }

        if (baseValue.Imaginary == 0 && exponent.Imaginary == 0 && baseValue.Real < 0
            && TryExact(p.Exponent) is { } re && !re.Denominator.IsEven)
        {
            // Odd roots of negatives stay real: \sqrt[3]{-8} = -2.
            var magnitude = Math.Pow(-baseValue.Real, exponent.Real);
            return re.Numerator.IsEven ? magnitude : -magnitude;
        }

        if (baseValue == Complex.Zero)
        {
            return exponent.Real > 0 ? Complex.Zero : double.NaN;
        }

        return Complex.Pow(baseValue, exponent);
    }

    private Complex EvalFunc(Func fn, IReadOnlyDictionary<string, Complex> env)
    {
        if (fn.Args.Length == 0)
        {
            return double.NaN;
        }

        var x = Eval(fn.Args[0], env);
        switch (fn.Name)
        {
            case "sin": return Complex.Sin(x);
            case "cos": return Complex.Cos(x);
            case "tan": return Complex.Tan(x);
            case "cot": return 1 / Complex.Tan(x);
            case "sec": return 1 / Complex.Cos(x);
            case "csc": return 1 / Complex.Sin(x);
            case "arcsin": return Complex.Asin(x);
            case "arccos": return Complex.Acos(x);
            case "atan": return Complex.Atan(x);
            case "arccot": return Complex.Atan(1 / x);
            case "sinh": return Complex.Sinh(x);
            case "cosh": return Complex.Cosh(x);
            case "tanh": return Complex.Tanh(x);
            case "exp": return Complex.Exp(x);
            case "ln": return Complex.Log(x);
            case "log":
                // Without a base, \log is the natural logarithm (SymPy's reading, which the peers' labels follow).
                return fn.Args.Length == 2 ? Complex.Log(x) / Complex.Log(Eval(fn.Args[1], env)) : Complex.Log(x);
            case "abs": return x.Magnitude;
            case "floor": return x.Imaginary == 0 ? Math.Floor(x.Real) : double.NaN;
            case "ceil": return x.Imaginary == 0 ? Math.Ceiling(x.Real) : double.NaN;
            case "sgn": return x.Imaginary == 0 ? Math.Sign(x.Real) : double.NaN;
            case "arg": return x.Phase;
            case "binom" when fn.Args.Length == 2:
            {
                var k = Eval(fn.Args[1], env);
                if (x.Imaginary != 0 || k.Imaginary != 0)
                {
                    return double.NaN;
                }

                return Gamma(x.Real + 1) / (Gamma(k.Real + 1) * Gamma(x.Real - k.Real + 1));
            }

            case "max" or "min":
            {
                var best = x.Real;
                foreach (var a in fn.Args.Skip(1))
                {
                    var av = Eval(a, env).Real;
                    best = fn.Name == "max" ? Math.Max(best, av) : Math.Min(best, av);
                }

                return best;
            }

            default:
                return UnknownFunction(fn.Name, fn.Args, env);
        }
    }

    // An unknown function f(x) is a fixed pseudo-random smooth function of its arguments, so f(2) = f(2) and f(1) != f(4).
    private Complex UnknownFunction(string name, System.Collections.Immutable.ImmutableArray<Node> args, IReadOnlyDictionary<string, Complex> env)
    {
        var seed = 17;
        foreach (var ch in name)
        {
            seed = (seed * 31) + ch;
        }

        var k1 = 0.7 + ((seed & 0xFF) / 255.0);
        var k2 = 0.3 + (((seed >> 8) & 0xFF) / 255.0);
        Complex acc = k2;
        var j = 1;
        foreach (var a in args)
        {
            acc += Complex.Sin((Eval(a, env) * k1 * j) + (j * 0.37));
            j++;
        }

        return acc;
    }

    /// <summary>Gamma for real arguments (Lanczos, g = 7); NaN at the poles.</summary>
    public static double Gamma(double x)
    {
        if (x == Math.Floor(x) && x <= 0)
        {
            return double.NaN;
        }

        if (x == Math.Floor(x) && x <= 171)
        {
            double r = 1;
            for (var k = 2; k < x; k++)
            {
                r *= k;
            }

            return r;
        }

        if (x < 0.5)
        {
            return Math.PI / (Math.Sin(Math.PI * x) * Gamma(1 - x));
        }

        ReadOnlySpan<double> g =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
            12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        var a = g[0];
        var t = x + 7.5;
        for (var i = 1; i < 9; i++)
        {
            a += g[i] / (x + i);
        }

        return Math.Sqrt(2 * Math.PI) * Math.Pow(t, x + 0.5) * Math.Exp(-t) * a;
    }

    /// <summary>Names of the free symbols (variables and unknown functions are probed by name).</summary>
    public static void CollectSymbols(Node node, HashSet<string> into)
    {
        switch (node)
        {
            case Sym s:
                into.Add(s.Name);
                break;
            case Add a:
                foreach (var t in a.Terms)
                {
                    CollectSymbols(t, into);
                }

                break;
            case Mul m:
                foreach (var f in m.Factors)
                {
                    CollectSymbols(f, into);
                }

                break;
            case Pow p:
                CollectSymbols(p.Base, into);
                CollectSymbols(p.Exponent, into);
                break;
            case Func f:
                foreach (var a in f.Args)
                {
                    CollectSymbols(a, into);
                }

                break;
            case Factorial f:
                CollectSymbols(f.Arg, into);
                break;
            case Percent pc:
                CollectSymbols(pc.Value, into);
                break;
            case Degrees d:
                CollectSymbols(d.Value, into);
                break;
            case Relation r:
                foreach (var o in r.Operands)
                {
                    CollectSymbols(o, into);
                }

                break;
        }
    }
}
