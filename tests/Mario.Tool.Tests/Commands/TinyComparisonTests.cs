using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json.Nodes;
using Mario.Testing;
using Mario.Tool.Cli;
using Mario.Tool.Commands;
using Mario.Tool.Tests.Support;
using Xunit.Sdk;

namespace Mario.Tool.Tests.Commands;

/// <summary>
/// Guards accuracy end to end, as the design card asks: the default <c>dotnet mario eval</c> (the embedded model's
/// comparison of greedy, maj@5, beam(1,5), beam(3,5) and MCTS on synth-find-mini) through the CPU engine, the
/// tokenizer, the sandbox, the step format, every strategy and the checker. The per-problem verdicts of every
/// strategy, with each strategy's accuracy and Wilson interval, are a committed snapshot, so a change anywhere that
/// moves one result fails and says which strategies and problems moved (<see cref="VerdictSnapshotDiff"/>).
/// </summary>
public sealed class TinyComparisonTests : IClassFixture<TinyComparisonTests.DefaultRun>
{
    private readonly DefaultRun _run;

    /// <summary>Takes the one default run that both tests read.</summary>
    public TinyComparisonTests(DefaultRun run) => _run = run;

    [Fact]
    public void Eval_NoOptions_RunsTheEmbeddedComparison_WithTheApprovedVerdicts()
    {
        Assert.True(_run.ExitCode == ExitCodes.Ok, _run.Error);
        Assert.Equal(["greedy", "maj@5", "beam(1,5)", "beam(3,5)", DefaultMcts], _run.Accuracy.Keys);
        try
        {
            Snapshot.Match(_run.Verdicts);
        }
        catch (XunitException ex)
        {
            // Say first which strategies and problems moved (ids, old and new correctness), then the raw diff.
            var approved = File.Exists(ApprovedPath()) ? File.ReadAllText(ApprovedPath()) : "";
            throw new XunitException($"The default comparison moved:\n{VerdictSnapshotDiff.Describe(approved, _run.Verdicts)}\n{ex.Message}");
        }
    }

    private static string ApprovedPath([CallerFilePath] string file = "") => Path.Combine(Path.GetDirectoryName(file)!, "Snapshots",
        $"{nameof(TinyComparisonTests)}.{nameof(Eval_NoOptions_RunsTheEmbeddedComparison_WithTheApprovedVerdicts)}.verified.txt");

    [Fact]
    public void Eval_NoOptions_MeetsTheQualityBarOfTheModelCard()
    {
        // The ordering the seeds report (model card, "Quality bar").
        var a = _run.Accuracy;
        var (greedy, maj, beam1, beam3, mcts) = (a["greedy"], a["maj@5"], a["beam(1,5)"], a["beam(3,5)"], a[DefaultMcts]);
        var table = string.Join(", ", a.Select(p => $"{p.Key} {p.Value.ToString("P1", CultureInfo.InvariantCulture)}"));
        Assert.True(greedy is > 0.05 and < 0.95, table);
        Assert.True(greedy < maj, table);
        Assert.True(maj <= beam1, table);
        Assert.True(beam1 < beam3, table);
        Assert.True(beam3 >= greedy + 0.15, table);
        Assert.True(mcts > greedy, table);
    }

    private static string DefaultMcts
    {
        get
        {
            var last = Mario.Tool.Running.StrategySpec.ParseList(Mario.Tool.Running.StrategySpec.DefaultComparison).Specs![^1];
            return Mario.Tool.Running.StrategySpec.Label(last.Kind, last.Options);
        }
    }

    /// <summary>Runs <c>dotnet mario eval</c> with no options once for the class, with a fixed clock.</summary>
    public sealed class DefaultRun : IAsyncLifetime
    {
        private readonly TempDirectory _temp = new();

        /// <summary>The command's exit code.</summary>
        public int ExitCode { get; private set; }

        /// <summary>Standard error of the run.</summary>
        public string Error { get; private set; } = "";

        /// <summary>Accuracy in [0, 1] by table label, in table order.</summary>
        public Dictionary<string, double> Accuracy { get; } = new(StringComparer.Ordinal);

        /// <summary>Every strategy's per-problem verdicts as text.</summary>
        public string Verdicts { get; private set; } = "";

        /// <inheritdoc />
        public async Task InitializeAsync()
        {
            var output = _temp.Combine("cmp");
            var run = await CliRun.InvokeAsync(new FixedTimeProvider(), "eval", "-o", output);
            (ExitCode, Error) = (run.ExitCode, run.Error);
            if (run.ExitCode != ExitCodes.Ok)
            {
                return;
            }

            var verdicts = new StringBuilder();
            var comparison = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "comparison.json")))!.AsObject();
            foreach (var entry in comparison["runs"]!.AsArray())
            {
                var label = (string)entry!["label"]!;
                var folder = Path.Combine(output, (string)entry["folder"]!);
                var summary = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "summary.json")))!.AsObject();
                Accuracy[label] = (double)summary["metrics"]!["accuracy"]!;
                var metrics = summary["metrics"]!;
                // Accuracy and its Wilson interval are guarded with the verdicts behind them.
                verdicts.Append("## ").Append(label).Append(": ").Append(metrics["correct"]).Append('/').Append(metrics["n"])
                    .Append(" = ").Append(Percent(metrics["accuracy"])).Append(" [").Append(Percent(metrics["ci95"]!["low"])).Append(", ").Append(Percent(metrics["ci95"]!["high"])).Append(']')
                    .Append(" (value model ").Append((string?)summary["valueModel"] ?? "none").Append(")\n");
                foreach (var line in File.ReadAllLines(Path.Combine(folder, "samples.jsonl")))
                {
                    var sample = JsonNode.Parse(line)!.AsObject();
                    verdicts.Append(sample["id"]).Append(" gold=").Append(sample["gold"]).Append(" answer=").Append((string?)sample["answer"] ?? "-")
                        .Append(' ').Append((bool)sample["correct"]! ? "correct" : "wrong").Append('\n');
                }
            }

            Verdicts = verdicts.ToString();
        }

        private static string Percent(JsonNode? value) => ((double)value!).ToString("P1", CultureInfo.InvariantCulture);

        /// <inheritdoc />
        public Task DisposeAsync()
        {
            _temp.Dispose();
            return Task.CompletedTask;
        }
    }
}
