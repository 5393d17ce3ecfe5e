using Mario.Sandbox.Observations;

namespace Mario.Sandbox.Tests;

public sealed class PythonFloatTests
{
    [Theory]
    [InlineData(0.1, "0.1")]
    [InlineData(2.0, "2.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.5e-5, "1.5e-05")]
    [InlineData(123.456, "123.456")]
    [InlineData(12345678901234567890.0, "1.2345678901234567e+19")]
    [InlineData(1e300, "1e+300")]
    [InlineData(double.PositiveInfinity, "inf")]
    [InlineData(double.NaN, "nan")]
    public void Repr_MatchesPython(double value, string expected) => Assert.Equal(expected, PythonFloat.Repr(value));

    [Theory]
    [InlineData(2.675, 2, 2.67)]            // 2.675 is 2.67499999... in binary: Python rounds down
    [InlineData(0.125, 2, 0.12)]            // exact tie: half to even
    [InlineData(0.375, 2, 0.38)]
    [InlineData(1.0 / 3, 4, 0.3333)]
    [InlineData(-1.0 / 3, 4, -0.3333)]
    [InlineData(123456.78915, 4, 123456.7891)]
    [InlineData(1e-7, 4, 0.0)]
    public void Round_MatchesPython(double value, int digits, double expected) =>
        Assert.Equal(expected, PythonFloat.Round(value, digits));

    [Theory]
    [InlineData("1.5", true)]
    [InlineData(" 1_000.5\n", true)]
    [InlineData(".5", true)]
    [InlineData("5.", true)]
    [InlineData("-Infinity", true)]
    [InlineData("1e5", true)]
    [InlineData("1__0", false)]
    [InlineData("0x10", false)]
    [InlineData("[1.5]", false)]
    [InlineData("1.5 2.5", false)]
    [InlineData("", false)]
    public void TryParse_AcceptsWhatPythonFloatAccepts(string text, bool ok) => Assert.Equal(ok, PythonFloat.TryParse(text, out _));
}
