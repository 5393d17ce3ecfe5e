using Mario.Tool.Cli;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Reports;

/// <summary>
/// Three real <c>dotnet mario eval</c> runs of the report scenarios (TestData/Report: a suite with levels 1-3, a
/// scripted policy whose samples disagree, a scripted value model; one completion is hostile HTML) — greedy, maj with
/// four samples, and MCTS with the value model — and one <c>dotnet mario report</c> over them.
/// </summary>
public sealed class ReportRuns : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();

    /// <summary>The scenario folder.</summary>
    public static string Data => Path.Combine(TestPaths.TestData, "Report");

    /// <summary>The run folders, in report order.</summary>
    public IReadOnlyList<string> Runs => new[] { "greedy", "maj", "mcts" }.Select(n => _temp.Combine("runs", n)).ToList();

    /// <summary>The report's output folder.</summary>
    public string Output => _temp.Combine("report");

    /// <summary>The report command's result.</summary>
    internal CliRun Report { get; private set; } = new(-1, "", "");

    /// <summary>A scratch folder for tests.</summary>
    public string Scratch(string name) => _temp.Combine("scratch", name);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        string[] common = ["eval", "--suite", Path.Combine(Data, "report-levels.json"), "--model", "scripted:" + Path.Combine(Data, "policy.json"), "-j", "1"];
        string[][] strategies =
        [
            ["--strategy", "greedy"],
            ["--strategy", "maj", "-k", "4"],
            ["--strategy", "mcts", "--value-model", "scripted:" + Path.Combine(Data, "values.json"), "-O", "iterations=6", "-O", "samples=3"],
        ];
        for (var i = 0; i < strategies.Length; i++)
        {
            var eval = await CliRun.InvokeAsync([.. common, .. strategies[i], "-o", Runs[i]]);
            if (eval.ExitCode != ExitCodes.Ok)
            {
                throw new InvalidOperationException($"eval {string.Join(' ', strategies[i])}: exit {eval.ExitCode}: {eval.Error}");
            }
        }

        Report = await CliRun.InvokeAsync(["report", .. Runs, "-o", Output]);
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }
}
