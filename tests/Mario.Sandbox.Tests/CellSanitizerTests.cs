using Mario.Sandbox;

namespace Mario.Sandbox.Tests;

public sealed class CellSanitizerTests
{
    [Theory]
    [InlineData("```python\nprint(1)\n```", "\nprint(1)")]
    [InlineData("  ```Python\nx = 1\n```  \n", "\nx = 1")]
    [InlineData("print(1)", "print(1)")]
    [InlineData("python_var = 1", "_var = 1")] // the reference strips a leading "python" even here; so does mario
    public void StripFences_BehavesLikeSuperMarioSanitizeInput(string code, string expected) =>
        Assert.Equal(expected, CellSanitizer.StripFences(code));

    // Built at run time: attribute arguments are stored as UTF-8, which cannot hold a lone surrogate.
    public static TheoryData<string, string> SurrogateCases => new()
    {
        { "plain", "plain" },
        { "pair \U0001F600 ok", "pair \U0001F600 ok" },
        { "lone " + (char)0xD800 + " high", "lone \uFFFD high" },
        { "lone " + (char)0xDC00 + " low", "lone \uFFFD low" },
        { "end " + (char)0xD83D, "end \uFFFD" },
        { "swapped " + (char)0xDC00 + (char)0xD800, "swapped \uFFFD\uFFFD" },
    };

    [Theory]
    [MemberData(nameof(SurrogateCases))]
    public void ScrubSurrogates_ReplacesOnlyUnpairedOnes(string code, string expected) =>
        Assert.Equal(expected, CellSanitizer.ScrubSurrogates(code));
}
