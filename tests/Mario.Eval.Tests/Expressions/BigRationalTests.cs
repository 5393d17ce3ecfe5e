using System.Numerics;
using Mario.Eval.Expressions;

namespace Mario.Eval.Tests.Expressions;

public sealed class BigRationalTests
{
    [Theory]
    [InlineData(2, 4, "1/2")]
    [InlineData(-3, -9, "1/3")]
    [InlineData(3, -9, "-1/3")]
    [InlineData(0, 5, "0")]
    [InlineData(10, 5, "2")]
    public void Constructor_Reduces(long n, long d, string expected) => Assert.Equal(expected, new BigRational(n, d).ToString());

    [Fact]
    public void Arithmetic_IsExact()
    {
        var third = new BigRational(1, 3);
        Assert.Equal(BigRational.One, third + third + third);
        Assert.Equal(new BigRational(1, 9), third * third);
        Assert.Equal(new BigRational(-1, 27), (-third).Pow(3));
        Assert.Equal(new BigRational(9, 1), third.Pow(-2));
    }

    [Fact]
    public void Factorials_NearlyEqualInDoubles_StayDistinct()
    {
        BigInteger f2004 = 1;
        for (var k = 2; k <= 2004; k++)
        {
            f2004 *= k;
        }

        var a = new BigRational(1, f2004);
        var b = new BigRational(1, f2004 * 2005 * 2006);
        Assert.Equal(0.0, a.ToDouble());
        Assert.NotEqual(a, b);
        Assert.True(a > b);
    }

    [Theory]
    [InlineData(1, 3, 3, "333/1000")]
    [InlineData(2, 3, 2, "67/100")]
    [InlineData(-2, 3, 2, "-67/100")]
    [InlineData(1, 8, 2, "13/100")]
    public void Round_HalfAwayFromZero(long n, long d, int places, string expected) =>
        Assert.Equal(expected, new BigRational(n, d).Round(places).ToString());

    [Fact]
    public void DivideByZero_Throws() => Assert.Throws<DivideByZeroException>(() => BigRational.One / BigRational.Zero);
}
