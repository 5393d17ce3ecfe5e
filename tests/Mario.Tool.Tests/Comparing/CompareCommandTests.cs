using System.Text.Json.Nodes;
using Mario.Testing;
using Mario.Tool.Cli;
using Mario.Tool.Comparing;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Comparing;

public sealed class CompareCommandTests(CompareRunsFixture runs) : IClassFixture<CompareRunsFixture>
{
    private string Scrub(string text) => text.Replace(runs.Temp, "{temp}", StringComparison.Ordinal);

    [Fact]
    public async Task Compare_TwoRealRuns_PrintsTheTables()
    {
        var result = await CliRun.InvokeAsync("compare", runs.A, runs.B);

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        Assert.Equal("", result.Error);
        Snapshot.Match(Scrub(result.Output));
    }

    [Fact]
    public async Task Compare_Markdown_ListsTheSameSections()
    {
        var result = await CliRun.InvokeAsync("compare", runs.A, runs.B, runs.C, "--format", "md");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Snapshot.Match(Scrub(result.Output));
    }

    [Fact]
    public async Task Compare_Json_CarriesThePairedStatistics()
    {
        var result = await CliRun.InvokeAsync("compare", runs.A, runs.B, runs.C, "--format", "json");

        Assert.True(result.ExitCode == ExitCodes.Ok, result.Error);
        var report = ComparisonJson.Parse(result.Output)!;
        Assert.Equal("math500-mini", report.Suite.Id);
        Assert.Equal(12, report.Paired);
        Assert.Equal(new BootstrapSettings(10_000, 0, 0.95), report.Bootstrap);
        Assert.Equal(["a", "b", "c"], report.Runs.Select(r => r.Label));
        Assert.Equal([8, 6, 12], report.Runs.Select(r => r.Correct));
        Assert.Equal(["scripted:model-a", "scripted:model-b", "scripted:model-c"], report.Runs.Select(r => r.Model));
        // Wilson 95% of 8/12, as Statistics.Wilson95 (tabulated independently in StatisticsTests).
        Assert.Equal(new Mario.Tool.Runs.Interval("wilson", 0.3906, 0.8619), report.Runs[0].Ci95);
        Assert.All(report.Runs, r => Assert.Equal(1.0, r.Cost.ModelCallsPerProblem));

        // a is right where i % 3 != 0, b where i is even: b wins 0, 6 (0 and 6 are multiples of 3), loses 1, 5, 7, 11.
        var ab = report.Differences[0];
        Assert.Equal(("a", "b"), (ab.Reference, ab.Run));
        Assert.Equal((4, 4, 2, 2), (ab.BothCorrect, ab.OnlyReference, ab.OnlyRun, ab.BothWrong));
        Assert.Equal(["math500-000", "math500-006"], ab.Won);
        Assert.Equal(["math500-001", "math500-005", "math500-007", "math500-011"], ab.Lost);
        Assert.Equal(-0.1667, ab.Difference);
        Assert.Equal(0.6875, ab.McNemarP, 12); // scipy: binomtest(2, 6, 0.5).pvalue
        Assert.Equal("paired-bootstrap", ab.Ci95.Method);
        Assert.InRange(ab.Ci95.Low, -1, ab.Difference);
        Assert.InRange(ab.Ci95.High, ab.Difference, 1);

        var ac = report.Differences[1];
        Assert.Equal((0, 4), (ac.OnlyReference, ac.OnlyRun));
        Assert.Equal(0.125, ac.McNemarP, 12); // scipy: binomtest(0, 4, 0.5).pvalue

        // math500-mini rows carry level and subject; every problem falls in exactly one of each.
        var levels = report.Breakdown.Where(r => r.Facet == ProblemFacet.Level).ToList();
        var subjects = report.Breakdown.Where(r => r.Facet == ProblemFacet.Subject).ToList();
        Assert.NotEmpty(levels);
        Assert.NotEmpty(subjects);
        Assert.Equal(12, levels.Sum(r => r.N));
        Assert.Equal(12, subjects.Sum(r => r.N));
        Assert.Equal([8, 6, 12], Enumerable.Range(0, 3).Select(i => levels.Sum(r => r.Correct[i])));
        Assert.Equal(levels.Select(r => int.Parse(r.Value, System.Globalization.CultureInfo.InvariantCulture)).Order(), levels.Select(r => int.Parse(r.Value, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Compare_SameRunsAndSeed_GiveTheSameReport_OtherSeedMovesOnlyTheIntervals()
    {
        var first = await CliRun.InvokeAsync("compare", runs.A, runs.B, "--format", "json");
        var second = await CliRun.InvokeAsync("compare", runs.A, runs.B, "--format", "json");
        var reseeded = await CliRun.InvokeAsync("compare", runs.A, runs.B, "--format", "json", "--seed", "5", "-B", "2000");

        Assert.Equal(first.Output, second.Output);
        var a = ComparisonJson.Parse(first.Output)!;
        var b = ComparisonJson.Parse(reseeded.Output)!;
        Assert.Equal(new BootstrapSettings(2000, 5, 0.95), b.Bootstrap);
        Assert.Equal(a.Differences[0].McNemarP, b.Differences[0].McNemarP);
        Assert.Equal(a.Differences[0].Difference, b.Differences[0].Difference);
    }

    [Fact]
    public async Task Compare_RunsOfDifferentSuites_IsRefusedNamingThem()
    {
        var result = await CliRun.InvokeAsync("compare", runs.A, runs.Gsm);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal("", result.Output);
        Assert.Equal("error: the runs are of different suites: a is math500-mini, gsm is gsm8k-test-mini; compare runs of one suite", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Compare_RunsOfOtherData_IsRefusedNamingTheSha256()
    {
        using var temp = new TempDirectory();
        var copy = CopyRun(runs.B, temp.Combine("b"));
        var summaryPath = Path.Combine(copy, "summary.json");
        var summary = JsonNode.Parse(File.ReadAllText(summaryPath))!;
        var sha = (string)summary["suite"]!["dataSha256"]!;
        summary["suite"]!["dataSha256"] = new string('0', 64);
        File.WriteAllText(summaryPath, summary.ToJsonString());

        var result = await CliRun.InvokeAsync("compare", runs.A, copy);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.Equal($"error: the runs are of different suites: a read math500-mini data with sha256 {sha}, b with sha256 {new string('0', 64)}; compare runs of one suite", Assert.Single(result.ErrorLines));
    }

    [Fact]
    public async Task Compare_PartlyOverlappingRuns_PairsTheSharedProblems_AndSaysSo()
    {
        using var temp = new TempDirectory();
        var copy = CopyRun(runs.B, temp.Combine("b"));
        var samples = Path.Combine(copy, "samples.jsonl");
        File.WriteAllLines(samples, File.ReadAllLines(samples).Take(5));

        var result = await CliRun.InvokeAsync("compare", runs.A, copy, "--format", "json");

        Assert.Equal(ExitCodes.Ok, result.ExitCode);
        Assert.Equal(5, ComparisonJson.Parse(result.Output)!.Paired);
        Assert.Equal("note: problems not in every run are left out (a 7)", Assert.Single(result.ErrorLines));
    }

    [Theory]
    [InlineData("missing", "no such run folder")]
    [InlineData("comparison", "a comparison folder, not a run; name one of its runs: greedy")]
    [InlineData("malformed", "samples.jsonl:2: ")]
    [InlineData("unfinished", "the run has not finished")]
    public async Task Compare_BadRunFolder_IsRefusedInOneLine(string kind, string expected)
    {
        using var temp = new TempDirectory();
        var folder = temp.Combine(kind);
        switch (kind)
        {
            case "comparison":
                Directory.CreateDirectory(folder);
                File.WriteAllText(Path.Combine(folder, "comparison.json"), "{}");
                CopyRun(runs.A, Path.Combine(folder, "greedy"));
                break;
            case "malformed":
                CopyRun(runs.A, folder);
                File.WriteAllLines(Path.Combine(folder, "samples.jsonl"), [File.ReadAllLines(Path.Combine(folder, "samples.jsonl"))[0], "{\"id\": 3}"]);
                break;
            case "unfinished":
                CopyRun(runs.A, folder);
                File.Delete(Path.Combine(folder, "summary.json"));
                break;
        }

        var result = await CliRun.InvokeAsync("compare", runs.A, folder);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains(expected, line);
    }

    [Fact]
    public async Task Compare_OneRun_IsAUsageError()
    {
        var result = await CliRun.InvokeAsync("compare", runs.A);

        Assert.Equal(ExitCodes.Usage, result.ExitCode);
        Assert.StartsWith("error: ", Assert.Single(result.ErrorLines));
    }

    internal static string CopyRun(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        return to;
    }
}
