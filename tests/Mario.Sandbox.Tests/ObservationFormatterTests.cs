using Mario.Sandbox;
using Mario.Sandbox.Observations;

namespace Mario.Sandbox.Tests;

public sealed class ObservationFormatterTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    private static ExecutionResult Output(string stdout) => new(stdout, "", null, false, TimeSpan.Zero);

    [Theory]
    [InlineData("0.3333333333333333\n", "0.3333")]          // Super_MARIO's is_evalf rounding
    [InlineData("2\n", "2")]                                // round(2.0) -> "2.0\n" is longer: kept
    [InlineData("2.5\n", "2.5")]
    [InlineData("1e-07\n", "0.0")]
    [InlineData("  3.14159265  \n", "3.1416")]
    [InlineData("[-sqrt(2), sqrt(2)]\n", "[-sqrt(2), sqrt(2)]")]
    [InlineData("a\nb\n", "a\nb")]
    [InlineData("", "")]
    [InlineData("nan\n", "nan")]
    public void Format_SuperMarioOutput_MatchesTheReference(string stdout, string expected)
    {
        var formatter = new ObservationFormatter(ObservationStyle.SuperMario, Timeout);

        var observation = formatter.Format(Output(stdout));

        Assert.Equal(new Observation(expected, false), observation);
    }

    [Fact]
    public void Format_Error_IsTypeColonMessage()
    {
        var formatter = new ObservationFormatter(ObservationStyle.SuperMario, Timeout);
        var result = new ExecutionResult("partial\n", "Traceback...", new ExecutionError("ZeroDivisionError", "division by zero"), false, TimeSpan.Zero);

        Assert.Equal(new Observation("ZeroDivisionError: division by zero", true), formatter.Format(result));
    }

    [Fact]
    public void Format_EmptyMessageError_IsStrippedLikeTheReference()
    {
        var formatter = new ObservationFormatter(ObservationStyle.SuperMario, Timeout);
        var result = new ExecutionResult("", "", new ExecutionError("MemoryError", ""), false, TimeSpan.Zero);

        Assert.Equal("MemoryError:", formatter.Format(result).Text);
    }

    [Theory]
    [InlineData(ObservationStyle.SuperMario, 15, "TimeoutError: Execution of the code snippet has timed out for exceeding 15 seconds.")]
    [InlineData(ObservationStyle.RStar, 2.5, "TimeoutError: Execution of the code snippet has timed out for exceeding 2.5 seconds.")]
    public void Format_Timeout_QuotesTheLimit(ObservationStyle style, double seconds, string expected)
    {
        var formatter = new ObservationFormatter(style, TimeSpan.FromSeconds(seconds));
        var result = new ExecutionResult("", "", null, true, TimeSpan.FromSeconds(seconds));

        Assert.Equal(new Observation(expected, true), formatter.Format(result));
    }

    [Theory]
    [InlineData(ObservationStyle.SuperMario, 500, 250)]
    [InlineData(ObservationStyle.RStar, 1024, 512)]
    public void Format_LongOutput_KeepsHeadAndTailAroundDots(ObservationStyle style, int limit, int half)
    {
        var formatter = new ObservationFormatter(style, Timeout);
        var stdout = new string('h', limit) + new string('t', limit) + "\n";

        var text = formatter.Format(Output(stdout)).Text;

        // Python: s[:n//2] + "..." + s[-n//2:], applied before strip(), so the tail includes the newline
        Assert.Equal(new string('h', half) + "..." + new string('t', half - 1), text);
        Assert.Equal(limit, formatter.MaxLength);
    }

    [Fact]
    public void Truncate_CountsCodePointsNotUtf16Units()
    {
        var text = string.Concat(Enumerable.Repeat("😀", 6));

        Assert.Equal("😀😀...😀😀", ObservationFormatter.Truncate(text, 4));
    }

    [Theory]
    [InlineData(ObservationStyle.SuperMario, "no Error here", true)]
    [InlineData(ObservationStyle.SuperMario, "an error in lower case", false)]
    [InlineData(ObservationStyle.RStar, "an error in lower case", true)]
    [InlineData(ObservationStyle.RStar, "42", false)]
    public void Format_ReferenceSubstringRule_FlagsPrintedWords(ObservationStyle style, string stdout, bool isError)
    {
        var formatter = new ObservationFormatter(style, Timeout, ObservationErrorRule.ReferenceSubstring);

        Assert.Equal(isError, formatter.Format(Output(stdout)).IsError);
    }

    [Fact]
    public void Format_StructuredRule_IgnoresPrintedWords()
    {
        var formatter = new ObservationFormatter(ObservationStyle.RStar, Timeout);

        Assert.False(formatter.Format(Output("Error: none, all fine\n")).IsError);
    }

    [Fact]
    public void Format_RoundingDisabled_KeepsTheFloat()
    {
        var formatter = new ObservationFormatter(ObservationStyle.SuperMario, Timeout, roundLoneFloat: false);

        Assert.Equal("0.3333333333333333", formatter.Format(Output("0.3333333333333333\n")).Text);
    }

    [Theory]
    [InlineData(ObservationStyle.SuperMario)]
    [InlineData(ObservationStyle.RStar)]
    public void Format_MaxLengthGiven_OverridesTheStylesCap(ObservationStyle style)
    {
        var formatter = new ObservationFormatter(style, Timeout, maxLength: 20);

        Assert.Equal(20, formatter.MaxLength);
        Assert.Equal(new string('h', 10) + "..." + new string('t', 10), formatter.Format(Output(new string('h', 20) + new string('t', 20))).Text);
    }

    [Fact]
    public void Create_MaxLengthUnder16_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new ObservationFormatter(ObservationStyle.RStar, Timeout, maxLength: 15));
    }
}
