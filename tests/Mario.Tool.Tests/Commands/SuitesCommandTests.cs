using Mario.Testing;
using Mario.Tool.Cli;
using Mario.Tool.Commands;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Commands;

public sealed class SuitesCommandTests
{
    [FullSuitesFact]
    public async Task List_WithSharedSuites_ShowsEverySuitePresent()
    {
        var run = await CliRun.InvokeAsync("suites", "list", "--data-dir", TestPaths.FullSuites);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("", run.Error);
        Snapshot.Match(run.Output);
    }

    [Fact]
    public async Task Validate_TwoSuites_PrintsTableAndSucceeds()
    {
        var run = await CliRun.InvokeAsync("suites", "validate", "gsm8k-test-mini", "math500-mini", "--data-dir", TestPaths.ShippedSuites);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal("", run.Error);
        Snapshot.Match(run.Output);
    }

    [FullSuitesFact]
    public async Task Validate_AllSuites_AllValid()
    {
        var run = await CliRun.InvokeAsync("suites", "validate", "--data-dir", TestPaths.FullSuites);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("32 valid, 0 invalid", run.Output);
    }

    [Fact]
    public async Task Validate_SeveralDefects_ReportsEachWithFileLineAndField()
    {
        using var temp = new TempDirectory();
        await CliErrorTests.WriteSuiteAsync(temp, "multi", "{\"id\":\"a\",\"question\":\"q\",\"answer\":\"1\"}\n[1]\n{\"id\":\"c\",\"question\":7,\"answer\":\"1\"}\n{\"id\":\"d\",\"question\":\"q\",\"answer\":\"1\",\"solution\":null}\n");

        var run = await CliRun.InvokeAsync("suites", "validate", temp.Combine("multi.json"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var lines = run.ErrorLines.Select(l => l.Replace(temp.Path + "/", "")).ToList();
        Assert.Equal(
            [
                "error: multi.jsonl:2: expected a JSON object, found an array",
                "error: multi.jsonl:3: question: expected a string, found a number",
                "error: multi.jsonl:4: solution: expected a string, found null",
            ],
            lines);
    }

    [Fact]
    public async Task NoArguments_ShowsRootHelp_Exit2()
    {
        var run = await CliRun.InvokeAsync();

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Contains("Exit codes: 0 ok", run.Output);
        Assert.Contains("suites", run.Output);
    }

    [Fact]
    public async Task Help_EveryCommand_ShowsExamples()
    {
        foreach (var args in new[] { new[] { "--help" }, ["eval", "--help"], ["merge", "--help"], ["suites", "--help"], ["suites", "list", "--help"], ["suites", "validate", "--help"], ["suites", "pull", "--help"] })
        {
            var run = await CliRun.InvokeAsync(args);

            Assert.Equal(0, run.ExitCode);
            Assert.Contains("Examples:", run.Output);
        }
    }
}
