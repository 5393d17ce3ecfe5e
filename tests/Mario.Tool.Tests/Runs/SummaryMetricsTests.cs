using System.Text.Json.Nodes;
using Mario.Testing;
using Mario.Tool.Cli;
using Mario.Tool.Commands;
using Mario.Tool.Runs;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Runs;

/// <summary>Every candidate carries its own verdict and votes, so coverage, pass@k and maj@k follow from the sample lines.</summary>
public sealed class SummaryMetricsTests
{
    [Fact]
    public async Task Eval_MajorityVote_SummaryPassAtKAndCoverage_FollowFromTheCandidates()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("run");

        var run = await CliRun.InvokeAsync(new FixedTimeProvider(), "eval", "--strategy", "maj@3", "--limit", "8", "-o", output);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var lines = File.ReadAllLines(Path.Combine(output, "samples.jsonl")).Select(l => RunJson.ParseSample(l).Line!).ToList();
        var (summary, error) = await RunJson.ReadSummaryAsync(Path.Combine(output, "summary.json"), CancellationToken.None);
        Assert.True(summary is not null, error);
        var metrics = summary.Metrics;
        var correctSamples = lines.Select(l => l.Candidates.Where(c => c.Correct).Sum(c => c.Votes)).ToList();

        // The chosen answer's verdict and its candidate's agree.
        Assert.All(lines.Where(l => l.Answer is not null), l => Assert.Equal(l.Correct, l.Candidates.Single(c => c.Answer == l.Answer).Correct));
        Assert.Equal(Math.Round(lines.Count(l => l.Candidates.Any(c => c.Correct)) / 8.0, 4), metrics.Coverage);
        Assert.NotNull(metrics.PassAtK);
        Assert.Equal(["1", "2", "3"], metrics.PassAtK.Keys);
        Assert.Equal(Math.Round(correctSamples.Average(c => c / 3.0), 4), metrics.PassAtK["1"], 4);
        Assert.Equal(metrics.Coverage, metrics.PassAtK["3"], 4);
        Assert.True(metrics.PassAtK["1"] <= metrics.PassAtK["2"] && metrics.PassAtK["2"] <= metrics.PassAtK["3"]);
        Assert.True(metrics.Accuracy <= metrics.Coverage);

        // maj@k comes from the same candidates (votes and verdicts); at k = 1 it is pass@1, and never above pass@k.
        var expected = Mario.Eval.Scoring.MajorityAtK.MeanCurve(lines.Select(l => (IReadOnlyList<(int, bool)>)l.Candidates.Select(c => (c.Votes, c.Correct)).ToList()).ToList(), 3);
        Assert.NotNull(metrics.MajAtK);
        Assert.Equal(["1", "2", "3"], metrics.MajAtK.Keys);
        Assert.Equal(expected.Select(v => Math.Round(v, 4)), metrics.MajAtK.Values);
        Assert.Equal(metrics.PassAtK["1"], metrics.MajAtK["1"], 4);
        Assert.All(metrics.MajAtK, p => Assert.True(p.Value <= metrics.PassAtK[p.Key] + 1e-4, $"maj@{p.Key} above pass@{p.Key}"));
        Assert.Contains("| k | pass@k | maj@k |", await File.ReadAllTextAsync(Path.Combine(output, "summary.md")));
    }

    [Fact]
    public async Task Eval_Greedy_HasCoverageButNoPassAtK()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("run");

        var run = await CliRun.InvokeAsync(new FixedTimeProvider(), "eval", "--strategy", "greedy", "--limit", "3", "-o", output);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var summary = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "summary.json")))!;
        Assert.Null(summary["metrics"]!["passAtK"]);
        Assert.Null(summary["metrics"]!["majAtK"]);
        Assert.Equal((double)summary["metrics"]!["accuracy"]!, (double)summary["metrics"]!["coverage"]!);
    }
}
