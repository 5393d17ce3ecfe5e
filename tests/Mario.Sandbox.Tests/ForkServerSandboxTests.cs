using Mario.Sandbox;

namespace Mario.Sandbox.Tests;

[Collection(SandboxCollection.Name)]
public sealed class ForkServerSandboxTests(SandboxFixture fixture)
{
    private Task<ExecutionResult> Run(params string[] cells) => fixture.Sandbox.RunAsync(cells, CancellationToken.None).AsTask();

    [SandboxTheory]
    [InlineData(new[] { "print(1 + 1)" }, "2\n")]
    [InlineData(new[] { "x = 2\nprint('replayed output is discarded')", "print(x * 21)" }, "42\n")]
    [InlineData(new[] { "import sympy\nx = sympy.Symbol('x')\nsympy.solve(x**2 - 2, x)" }, "[-sqrt(2), sqrt(2)]\n")]
    [InlineData(new[] { "print('first')\n6 * 7" }, "first\n42\n")]
    [InlineData(new[] { "print('a')" }, "a\n")]
    [InlineData(new[] { "x = 5" }, "")]
    [InlineData(new[] { "1/0", "print('an earlier error is ignored')" }, "an earlier error is ignored\n")]
    [InlineData(new[] { "import numpy as np\nprint(np.arange(4).sum())" }, "6\n")]
    [InlineData(new[] { "from fractions import Fraction\nFraction(1, 3) + Fraction(1, 6)" }, "1/2\n")]
    [InlineData(new[] { "print('π ≈ 3.14159 ✓')" }, "π ≈ 3.14159 ✓\n")]
    [InlineData(new string[0], "")]
    public async Task Run_Cells_PrintExpectedStdout(string[] cells, string expected)
    {
        var result = await Run(cells);

        Assert.Null(result.Error);
        Assert.False(result.TimedOut);
        Assert.Equal(expected, result.Stdout);
    }

    [SandboxTheory]
    [InlineData("1/0", "ZeroDivisionError", "division by zero")]
    [InlineData("undefined_name + 1", "NameError", "name 'undefined_name' is not defined")]
    [InlineData("x = (", "SyntaxError", "'(' was never closed (<cell>, line 1)")]
    [InlineData("import sys\nprint('bye')\nsys.exit(3)", "SystemExit", "3")]
    [InlineData("import os\nos._exit(5)", "SystemExit", "5")]
    [InlineData("raise ValueError('bad \\ud800 surrogate')", "ValueError", "bad \\ud800 surrogate")]
    public async Task Run_FailingCell_ReportsTypeAndMessage(string cell, string type, string message)
    {
        var result = await Run(cell);

        Assert.Equal(new ExecutionError(type, message), result.Error);
        Assert.False(result.TimedOut);
    }

    [SandboxFact]
    public async Task Run_Exception_WritesTracebackOfTheCellToStderr()
    {
        var result = await Run("def f():\n    return 1/0\nf()");

        Assert.Contains("File \"<cell>\", line 2, in f", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("forkserver", result.Stderr, StringComparison.Ordinal);
        Assert.EndsWith("ZeroDivisionError: division by zero\n", result.Stderr, StringComparison.Ordinal);
    }

    [SandboxFact]
    public async Task Run_LoneSurrogateInModelCode_RunsWithAReplacementCharacter()
    {
        var result = await Run("print('x\ud800y')");

        Assert.Equal("x\uFFFDy\n", result.Stdout);
    }

    [SandboxFact]
    public async Task Run_NullByteInCode_IsASyntaxErrorNotACrash()
    {
        var result = await Run("print(1)\0");

        Assert.NotNull(result.Error);
        Assert.False(result.TimedOut);
    }

    [SandboxFact]
    public async Task Run_SysExitZero_IsSuccess()
    {
        var result = await Run("import sys\nprint('done')\nsys.exit(0)");

        Assert.True(result.Succeeded);
        Assert.Equal("done\n", result.Stdout);
    }

    [SandboxFact]
    public async Task Run_SleepPastTimeout_TimesOutAtTheDeadline()
    {
        var result = await Run("import time\nprint('before', flush=True)\ntime.sleep(60)");

        Assert.True(result.TimedOut);
        Assert.Null(result.Error);
        Assert.Equal("before\n", result.Stdout);
        Assert.InRange(result.Elapsed, SandboxFixture.Options.Timeout, SandboxFixture.Options.Timeout + TimeSpan.FromSeconds(2));
    }

    [SandboxFact]
    public async Task Run_ManyConcurrentExecutions_EachGetsItsOwnResult()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Run($"n = {i}", "import sympy\nprint(sympy.factorial(n))")));

        for (var i = 0; i < results.Length; i++)
        {
            Assert.Equal(Factorial(i) + "\n", results[i].Stdout);
        }
    }

    [SandboxFact]
    public async Task Run_StateDoesNotLeakBetweenExecutions()
    {
        if (!fixture.Isolated)
        {
            return; // without the private file system view /tmp is the host's
        }

        var writers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Run("import os\nleak = 1\nopen('/tmp/leak', 'w').write('x')\nopen('here', 'w').write('x')\nprint(os.getcwd())")));
        var readers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            Run("import os\nprint('leak' in globals(), os.path.exists('/tmp/leak'), os.listdir('.'))")));

        Assert.All(writers, r => Assert.Null(r.Error));
        Assert.All(readers, r => Assert.Equal("False False []\n", r.Stdout));
    }

    [SandboxFact]
    public void Isolation_AsRootWithCapSysAdmin_IsComplete()
    {
        if (!PythonAvailability.CanIsolate)
        {
            return; // the refusal without privileges is covered by PoolRecoveryTests
        }

        Assert.True(fixture.Sandbox.Isolation.IsComplete, fixture.Sandbox.Isolation.DescribeMissing());
        Assert.False(fixture.Sandbox.IsUnsafe);
        Assert.Equal(Enum.GetValues<IsolationFeature>().Length, fixture.Sandbox.Isolation.Checks.Count);
    }

    private static string Factorial(int n)
    {
        var value = System.Numerics.BigInteger.One;
        for (var k = 2; k <= n; k++)
        {
            value *= k;
        }

        return value.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
