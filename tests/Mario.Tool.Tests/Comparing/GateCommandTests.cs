using System.Text.Json.Nodes;
using Mario.Testing;
using Mario.Tool.Cli;
using Mario.Tool.Runs;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Comparing;

public sealed class GateCommandTests(CompareRunsFixture runs) : IClassFixture<CompareRunsFixture>
{
    [Fact]
    public async Task WriteBaseline_RoundTripsThroughTheTypedRecord()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("models", "baseline.json");

        var written = await CliRun.InvokeAsync("gate", "--write-baseline", runs.A, "-o", file);

        Assert.True(written.ExitCode == ExitCodes.Ok, written.Error);
        Assert.Equal($"wrote {file}: math500-mini, greedy, model scripted:model-a, 8/12 correct", written.Output.TrimEnd());
        var text = await File.ReadAllTextAsync(file);
        var (baseline, error) = RunJson.ParseBaseline(text);
        Assert.True(baseline is not null, error);
        Assert.Equal(text, RunJson.Serialize(baseline));
        var (run, _) = await FinishedRun.ReadAsync(runs.A, CancellationToken.None);
        Assert.Equal(text, RunJson.Serialize(GateBaseline.Of(run!)));
        Assert.Equal(("math500-mini", "greedy", "plain", 12, 8), (baseline.Suite.Id, baseline.Strategy, baseline.StepFormat, baseline.N, baseline.Correct));
        Assert.Equal(run!.Summary.Suite.DataSha256, baseline.Suite.DataSha256);
        Assert.Equal(run.Summary.ModelSha256, baseline.ModelSha256);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => i % 3 != 0), baseline.Problems.Select(p => p.Correct));
        Assert.Equal(run.Samples.Select(s => s.Id), baseline.Problems.Select(p => p.Id));
    }

    [Fact]
    public async Task Gate_SameResults_Passes()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("baseline.json");
        await CliRun.InvokeAsync("gate", "--write-baseline", runs.A, "-o", file);

        var result = await CliRun.InvokeAsync("gate", "--baseline", file, "--candidate", runs.A);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        var line = Assert.Single(result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("gate passed: candidate 66.7% vs baseline 66.7% on 12 problems (0.0 points; 0 lost, 0 won): 95% upper bound 0.0 points", line);
    }

    [Fact]
    public async Task Gate_ADropTooSmallToSupport_Passes()
    {
        // a -> b: 4 lost, 2 won, one-sided McNemar p = 0.34.
        var result = await CliRun.InvokeAsync("gate", "--baseline", runs.A, "--candidate", runs.B);

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.StartsWith("gate passed: candidate 50.0% vs baseline 66.7% on 12 problems (-16.7 points; 4 lost, 2 won)", result.Output);
    }

    [Fact]
    public async Task Gate_ASupportedDrop_FailsWithExit5_AndSaysWhy()
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("baseline.json");
        await CliRun.InvokeAsync("gate", "--write-baseline", runs.C, "-o", file);

        // c -> b: 6 lost, 0 won, one-sided McNemar p = 2^-6 (scipy: binomtest(6, 6, 0.5, alternative="greater")).
        var fromFile = await CliRun.InvokeAsync("gate", "--baseline", file, "--candidate", runs.B);
        var fromRun = await CliRun.InvokeAsync("gate", "--baseline", runs.C, "--candidate", runs.B, "--max-drop", "1");
        var withinMargin = await CliRun.InvokeAsync("gate", "--baseline", file, "--candidate", runs.B, "--max-drop", "90");

        Assert.Equal(ExitCodes.GateFailed, fromFile.ExitCode);
        Assert.Equal("", fromFile.Error);
        var line = Assert.Single(fromFile.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("gate failed: candidate 50.0% vs baseline 100.0% on 12 problems (-50.0 points; 6 lost, 0 won): 95% upper bound ", line);
        Assert.EndsWith("is below 0 points and exact one-sided McNemar p = 0.0156 < 0.05", line);
        Assert.Equal(ExitCodes.GateFailed, fromRun.ExitCode);
        Assert.Contains("is below -1 points", fromRun.Output);
        Assert.Equal(ExitCodes.Ok, withinMargin.ExitCode);
        Assert.Contains("is not below -90 points", withinMargin.Output);
    }

    [Fact]
    public async Task Gate_BaselineOfAnotherStrategy_IsRefusedNamingIt()
    {
        using var temp = new TempDirectory();
        var model = ScriptedRuns.WriteModel(temp.Combine("m.json"), "model-m", "math500-mini", _ => true);
        var maj = temp.Combine("maj");
        var run = await CliRun.InvokeAsync(new FixedTimeProvider(), "eval", "--suite", "math500-mini", "--step-format", "plain", "--model", model, "--strategy", "maj@3",
            "--limit", "12", "-o", maj, "--data-dir", TestPaths.ShippedSuites, "--format", "json");
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);

        var result = await CliRun.InvokeAsync("gate", "--baseline", maj, "--candidate", runs.A);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"error: the baseline differs from the candidate in strategy: maj in the baseline, greedy in the candidate ({maj} against {runs.A})", Assert.Single(result.ErrorLines));
    }

    [Theory]
    [InlineData("suite", "the baseline differs from the candidate in suite: gsm8k-test-mini in the baseline, math500-mini in the candidate")]
    [InlineData("option", "the baseline differs from the candidate in strategy option extra: extra=1 in the baseline, unset in the candidate")]
    [InlineData("max-tokens", "the baseline differs from the candidate in --max-tokens: 77 in the baseline, 1024 in the candidate")]
    [InlineData("counts", "correct: 9, but 8 problems are marked correct")]
    [InlineData("duplicate", "problems[1].id: 'math500-000' appears twice")]
    [InlineData("schema", "schema: expected 1")]
    [InlineData("missing-field", "missing required properties including: 'suite'")]
    public async Task Gate_BadOrMismatchedBaselineFile_IsRefusedInOneLine(string kind, string expected)
    {
        using var temp = new TempDirectory();
        var file = temp.Combine("baseline.json");
        await CliRun.InvokeAsync("gate", "--write-baseline", kind == "suite" ? runs.Gsm : runs.A, "-o", file);
        var node = JsonNode.Parse(await File.ReadAllTextAsync(file))!.AsObject();
        switch (kind)
        {
            case "option":
                node["strategyOptions"]!["extra"] = "1";
                break;
            case "max-tokens":
                node["maxTokens"] = 77;
                break;
            case "counts":
                node["correct"] = 9;
                break;
            case "duplicate":
                node["problems"]![1]!["id"] = "math500-000";
                break;
            case "schema":
                node["schema"] = 2;
                break;
            case "missing-field":
                node.Remove("suite");
                break;
        }

        await File.WriteAllTextAsync(file, node.ToJsonString());

        var result = await CliRun.InvokeAsync("gate", "--baseline", file, "--candidate", runs.A);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public async Task Gate_CandidateMissingBaselineProblems_IsRefused()
    {
        using var temp = new TempDirectory();
        var partial = CompareCommandTests.CopyRun(runs.B, temp.Combine("b"));
        var samples = Path.Combine(partial, "samples.jsonl");
        File.WriteAllLines(samples, File.ReadAllLines(samples).Take(5));

        var result = await CliRun.InvokeAsync("gate", "--baseline", runs.A, "--candidate", partial);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains($"{partial} lacks 7 of the baseline's 12 problems (first: math500-005)", Assert.Single(result.ErrorLines));
    }

    [Theory]
    [InlineData(new string[0], "gate needs --baseline FILE|RUN and --candidate RUN")]
    [InlineData(new[] { "--baseline", "x" }, "gate needs --baseline FILE|RUN and --candidate RUN")]
    [InlineData(new[] { "--write-baseline", "x" }, "--write-baseline needs --output FILE")]
    [InlineData(new[] { "--baseline", "nowhere.json", "--candidate", "x" }, "nowhere.json: no such baseline file or run folder")]
    [InlineData(new[] { "--baseline", "b", "--candidate", "x", "--alpha", "0.9" }, "--alpha must be in (0, 0.5]")]
    [InlineData(new[] { "--baseline", "b", "--candidate", "x", "--max-drop", "-2" }, "--max-drop must be between 0 and 100")]
    public async Task Gate_BadOptions_AreUsageErrors(string[] options, string expected)
    {
        var result = await CliRun.InvokeAsync(["gate", .. options]);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Contains(expected, Assert.Single(result.ErrorLines));
    }
}
