using Mario.Search.Steps;

namespace Mario.Search.Tests.Steps;

public sealed class StepFormatsTests
{
    [Theory]
    [InlineData("tagged", StepFormatKind.Tagged)]
    [InlineData("react", StepFormatKind.React)]
    [InlineData("rstar", StepFormatKind.RStar)]
    [InlineData("plain", StepFormatKind.PlainCot)]
    public async Task CreateAsync_EveryName_BuildsThatKind(string name, StepFormatKind kind)
    {
        var (parsed, error) = StepFormats.Parse(name);

        Assert.Null(error);
        var format = await StepFormats.CreateAsync(parsed!.Value, SuitePaths.FewShotDirectory());
        Assert.Equal(kind, format.Kind);
    }

    [Fact]
    public void Parse_Unknown_ErrorListsNames()
    {
        var (kind, error) = StepFormats.Parse("xml");

        Assert.Null(kind);
        Assert.Equal("step-format", error!.Option);
        Assert.Contains("tagged, react, rstar, plain", error.Message);
    }

    [Fact]
    public void FormatObservation_Timeout_IsTheSandboxFormattersLineInEveryFormat()
    {
        var result = new Mario.Sandbox.ExecutionResult("partial", "", null, true, TimeSpan.FromSeconds(15));
        const string expected = "TimeoutError: Execution of the code snippet has timed out for exceeding 15 seconds.";

        Assert.Equal(expected, new Mario.Sandbox.Observations.ObservationFormatter(Mario.Sandbox.Observations.ObservationStyle.SuperMario).Format(result).Text);
        Assert.Equal(expected, new TaggedStepFormat().FormatObservation(result));
        Assert.Equal(expected, new RStarStepFormat().FormatObservation(result));
        Assert.Equal(expected, new PlainCotStepFormat().FormatObservation(result));
    }

    [Fact]
    public void FormatObservation_EmptyMessageError_KeepsTheReferenceColon()
    {
        var result = new Mario.Sandbox.ExecutionResult("", "", new Mario.Sandbox.ExecutionError("MemoryError", ""), false, TimeSpan.Zero);

        Assert.Equal("MemoryError:", new TaggedStepFormat().FormatObservation(result));
        Assert.Equal("MemoryError:", new RStarStepFormat().FormatObservation(result));
    }

    [Theory]
    [InlineData("0.3333333333333333\n", "0.3333")]
    [InlineData("2.5\n", "2.5")]
    [InlineData("x = 0.3333333333333333\n", "x = 0.3333333333333333")]
    public void FormatObservation_LoneFloat_IsRoundedToFourPlacesLikeTheReferences(string stdout, string expected)
    {
        var result = new Mario.Sandbox.ExecutionResult(stdout, "", null, false, TimeSpan.Zero);

        Assert.Equal(expected, new TaggedStepFormat().FormatObservation(result));
        Assert.Equal(expected, new RStarStepFormat().FormatObservation(result));
    }
}
