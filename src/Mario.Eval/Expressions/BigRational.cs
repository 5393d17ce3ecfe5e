using System.Globalization;
using System.Numerics;

namespace Mario.Eval.Expressions;

/// <summary>
/// An exact rational number with <see cref="BigInteger"/> numerator and denominator, always reduced and with a
/// positive denominator. Exact arithmetic is what lets <c>\frac{1}{2004!}</c> and <c>\frac{1}{2006!}</c> differ.
/// </summary>
public readonly struct BigRational : IEquatable<BigRational>, IComparable<BigRational>
{
    /// <summary>Creates <paramref name="numerator"/>/<paramref name="denominator"/>, reduced.</summary>
    /// <exception cref="DivideByZeroException">When the denominator is zero.</exception>
    public BigRational(BigInteger numerator, BigInteger denominator)
    {
        if (denominator.IsZero)
        {
            throw new DivideByZeroException("A rational number cannot have a zero denominator.");
        }

        if (denominator.Sign < 0)
        {
            numerator = -numerator;
            denominator = -denominator;
        }

        var gcd = BigInteger.GreatestCommonDivisor(numerator, denominator);
        if (!gcd.IsOne && !gcd.IsZero)
        {
            numerator /= gcd;
            denominator /= gcd;
        }

        Numerator = numerator;
        _denominator = numerator.IsZero ? BigInteger.One : denominator;
    }

    /// <summary>The numerator; carries the sign.</summary>
    public BigInteger Numerator { get; }

    /// <summary>The denominator; always at least 1 (a default instance reads as 0/1).</summary>
    public BigInteger Denominator => _denominator.IsZero ? BigInteger.One : _denominator;

    private readonly BigInteger _denominator;

    /// <summary>Zero.</summary>
    public static BigRational Zero => new(BigInteger.Zero, BigInteger.One);

    /// <summary>One.</summary>
    public static BigRational One => new(BigInteger.One, BigInteger.One);

    /// <summary>True when the value is an integer.</summary>
    public bool IsInteger => Denominator.IsOne;

    /// <summary>True when the value is zero.</summary>
    public bool IsZero => Numerator.IsZero;

    /// <summary>-1, 0 or 1.</summary>
    public int Sign => Numerator.Sign;

    /// <summary>Approximate size in bits of numerator plus denominator (used to cap work).</summary>
    public long Bits => (long)(Numerator.GetBitLength() + Denominator.GetBitLength());

    /// <summary>Implicit conversion from an integer.</summary>
    public static implicit operator BigRational(BigInteger value) => new(value, BigInteger.One);

    /// <summary>Implicit conversion from an integer.</summary>
    public static implicit operator BigRational(long value) => new(value, BigInteger.One);

    /// <summary>Sum.</summary>
    public static BigRational operator +(BigRational a, BigRational b) =>
        new(a.Numerator * b.Denominator + b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    /// <summary>Difference.</summary>
    public static BigRational operator -(BigRational a, BigRational b) =>
        new(a.Numerator * b.Denominator - b.Numerator * a.Denominator, a.Denominator * b.Denominator);

    /// <summary>Negation.</summary>
    public static BigRational operator -(BigRational a) => new(-a.Numerator, a.Denominator);

    /// <summary>Product.</summary>
    public static BigRational operator *(BigRational a, BigRational b) =>
        new(a.Numerator * b.Numerator, a.Denominator * b.Denominator);

    /// <summary>Quotient.</summary>
    /// <exception cref="DivideByZeroException">When <paramref name="b"/> is zero.</exception>
    public static BigRational operator /(BigRational a, BigRational b) =>
        new(a.Numerator * b.Denominator, a.Denominator * b.Numerator);

    /// <summary>Equality.</summary>
    public static bool operator ==(BigRational a, BigRational b) => a.Equals(b);

    /// <summary>Inequality.</summary>
    public static bool operator !=(BigRational a, BigRational b) => !a.Equals(b);

    /// <summary>Ordering.</summary>
    public static bool operator <(BigRational a, BigRational b) => a.CompareTo(b) < 0;

    /// <summary>Ordering.</summary>
    public static bool operator >(BigRational a, BigRational b) => a.CompareTo(b) > 0;

    /// <summary>Ordering.</summary>
    public static bool operator <=(BigRational a, BigRational b) => a.CompareTo(b) <= 0;

    /// <summary>Ordering.</summary>
    public static bool operator >=(BigRational a, BigRational b) => a.CompareTo(b) >= 0;

    /// <summary>Absolute value.</summary>
    public BigRational Abs() => new(BigInteger.Abs(Numerator), Denominator);

    /// <summary>Integer power; negative exponents invert.</summary>
    /// <exception cref="DivideByZeroException">Zero to a negative power.</exception>
    public BigRational Pow(int exponent)
    {
        if (exponent >= 0)
        {
            return new(BigInteger.Pow(Numerator, exponent), BigInteger.Pow(Denominator, exponent));
        }

        return new(BigInteger.Pow(Denominator, -exponent), BigInteger.Pow(Numerator, -exponent));
    }

    /// <summary>10 to the power <paramref name="exponent"/> (may be negative).</summary>
    public static BigRational PowerOfTen(int exponent) =>
        exponent >= 0 ? new(BigInteger.Pow(10, exponent), 1) : new(1, BigInteger.Pow(10, -exponent));

    /// <summary>Nearest double; correct for magnitudes beyond the double range by scaling (0 or ±infinity there).</summary>
    public double ToDouble()
    {
        if (Numerator.IsZero)
        {
            return 0;
        }

        var shift = (long)Numerator.GetBitLength() - (long)Denominator.GetBitLength();
        if (Math.Abs(shift) < 900)
        {
            // Scale both to ~64 significant bits so huge operands do not overflow the conversion.
            var n = Numerator;
            var d = Denominator;
            var extra = (int)Math.Max(0, Math.Max((long)n.GetBitLength(), (long)d.GetBitLength()) - 1000);
            if (extra > 0)
            {
                n >>= extra;
                d >>= extra;
                if (d.IsZero)
                {
                    return Numerator.Sign * double.PositiveInfinity;
                }
            }

            return (double)n / (double)d;
        }

        return shift > 0 ? Numerator.Sign * double.PositiveInfinity : Numerator.Sign * 0.0;
    }

    /// <summary>Base-2 logarithm of the absolute value (finite for any nonzero value, however large or small).</summary>
    public double Log2Abs()
    {
        if (Numerator.IsZero)
        {
            return double.NegativeInfinity;
        }

        return Log2(BigInteger.Abs(Numerator)) - Log2(Denominator);
    }

    private static double Log2(BigInteger value)
    {
        var bits = (long)value.GetBitLength();
        if (bits <= 1000)
        {
            return Math.Log2((double)value);
        }

        var top = value >> (int)(bits - 64);
        return Math.Log2((double)top) + (bits - 64);
    }

    /// <summary>Rounds to <paramref name="decimals"/> places, half away from zero.</summary>
    public BigRational Round(int decimals)
    {
        var scale = PowerOfTen(decimals);
        var scaled = this * scale;
        var twice = scaled.Numerator * 2 + (scaled.Sign >= 0 ? scaled.Denominator : -scaled.Denominator);
        var rounded = BigInteger.Divide(twice, scaled.Denominator * 2);
        return new BigRational(rounded, 1) / scale;
    }

    /// <inheritdoc />
    public bool Equals(BigRational other) => Numerator == other.Numerator && Denominator == other.Denominator;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is BigRational other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Numerator, Denominator);

    /// <inheritdoc />
    public int CompareTo(BigRational other) =>
        (Numerator * other.Denominator).CompareTo(other.Numerator * Denominator);

    /// <summary>"n" or "n/d".</summary>
    public override string ToString() =>
        Denominator.IsOne
            ? Numerator.ToString(CultureInfo.InvariantCulture)
            : $"{Numerator.ToString(CultureInfo.InvariantCulture)}/{Denominator.ToString(CultureInfo.InvariantCulture)}";
}
