using System.Globalization;
using System.Numerics;
using System.Text.RegularExpressions;

namespace Mario.Sandbox.Observations;

/// <summary>Python's <c>float()</c>, <c>round(x, n)</c> and <c>repr(float)</c>, exactly, for observation formatting.</summary>
internal static partial class PythonFloat
{
    [GeneratedRegex(@"^[+-]?(?:(?:\d(?:_?\d)*)(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?$")]
    private static partial Regex Decimal();

    [GeneratedRegex(@"^[+-]?(?:inf|infinity|nan)$", RegexOptions.IgnoreCase)]
    private static partial Regex Special();

    /// <summary>Python's <c>float(text)</c>: surrounding whitespace allowed, underscores between digits, inf/nan.</summary>
    public static bool TryParse(string text, out double value)
    {
        var s = text.Trim();
        value = 0;
        if (Special().IsMatch(s))
        {
            var negative = s.StartsWith('-');
            var body = s.TrimStart('+', '-').ToLowerInvariant();
            value = body == "nan" ? double.NaN : negative ? double.NegativeInfinity : double.PositiveInfinity;
            return true;
        }

        return Decimal().IsMatch(s) &&
               double.TryParse(s.Replace("_", "", StringComparison.Ordinal), NumberStyles.Float,
                   CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Python's <c>round(value, digits)</c>: round-half-even on the exact binary value.</summary>
    public static double Round(double value, int digits)
    {
        if (double.IsNaN(value) || double.IsInfinity(value) || value == 0)
        {
            return value;
        }

        var bits = BitConverter.DoubleToInt64Bits(value);
        var negative = bits < 0;
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1; // subnormal
        }
        else
        {
            mantissa |= 1L << 52;
        }

        exponent -= 1075; // value = mantissa * 2^exponent
        var scale = BigInteger.Pow(10, digits);
        BigInteger numerator = new BigInteger(mantissa) * scale;
        var denominator = BigInteger.One;
        if (exponent >= 0)
        {
            numerator <<= exponent;
        }
        else
        {
            denominator <<= -exponent;
        }

        var quotient = BigInteger.DivRem(numerator, denominator, out var remainder);
        var twice = remainder * 2;
        if (twice > denominator || (twice == denominator && !quotient.IsEven))
        {
            quotient += 1;
        }

        var rounded = double.Parse($"{quotient}E-{digits}", NumberStyles.Float, CultureInfo.InvariantCulture);
        return negative ? -rounded : rounded;
    }

    /// <summary>Python's <c>repr(value)</c>: shortest round-trip digits, fixed notation for 1e-4 &lt;= |v| &lt; 1e16.</summary>
    public static string Repr(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        var sign = value < 0 || (value == 0 && double.IsNegative(value)) ? "-" : "";
        if (value == 0)
        {
            return sign + "0.0";
        }

        var (digits, exp10) = ShortestDigits(Math.Abs(value));
        if (exp10 is >= -4 and < 16)
        {
            if (exp10 < 0)
            {
                return sign + "0." + new string('0', -exp10 - 1) + digits;
            }

            var intDigits = exp10 + 1;
            var whole = digits.Length >= intDigits ? digits[..intDigits] : digits + new string('0', intDigits - digits.Length);
            var fraction = digits.Length > intDigits ? digits[intDigits..] : "0";
            return sign + whole + "." + fraction;
        }

        var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        var expSign = exp10 < 0 ? "-" : "+";
        return sign + mantissa + "e" + expSign + Math.Abs(exp10).ToString("00", CultureInfo.InvariantCulture);
    }

    /// <summary>The shortest round-trip significant digits of a positive finite value and the decimal exponent of the first.</summary>
    private static (string Digits, int Exp10) ShortestDigits(double value)
    {
        // "R" gives the shortest round-trip digits; "E16" gives the decimal exponent of the first one
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var sci = value.ToString("E16", CultureInfo.InvariantCulture);
        var mantissaPart = shortest.Split('E')[0].Replace(".", "", StringComparison.Ordinal).TrimStart('0');
        var digits = mantissaPart.TrimEnd('0');
        var exp10 = int.Parse(sci.Split('E')[1], CultureInfo.InvariantCulture);
        return (digits.Length == 0 ? "0" : digits, exp10);
    }
}
