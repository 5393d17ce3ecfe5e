using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Mario.Testing;
using Mario.Tool.Commands;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Commands;

/// <summary>
/// Guards accuracy end to end, as the design card asks: the default <c>dotnet mario eval</c> (the embedded model's
/// comparison of greedy, maj@5, beam(1,5), beam(3,5) and MCTS on synth-arith-mini) through the CPU engine, the
/// tokenizer, the sandbox, the step format, every strategy and the checker. The per-problem verdicts of every
/// strategy are a committed snapshot, so a change anywhere that moves one result fails and shows which problem
/// moved; the quality bar of the model card is asserted on the same run.
/// </summary>
public sealed class TinyComparisonTests
{
    [Fact]
    public async Task Eval_NoOptions_RunsTheEmbeddedComparison_WithTheApprovedVerdictsAndQualityBar()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("cmp");

        var run = await CliRun.InvokeAsync(new FixedTimeProvider(), "eval", "-o", output);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var accuracy = new Dictionary<string, double>(StringComparer.Ordinal);
        var verdicts = new StringBuilder();
        var comparison = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "comparison.json")))!.AsObject();
        foreach (var entry in comparison["runs"]!.AsArray())
        {
            var label = (string)entry!["label"]!;
            var folder = Path.Combine(output, (string)entry["folder"]!);
            var summary = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "summary.json")))!.AsObject();
            accuracy[label] = (double)summary["metrics"]!["accuracy"]!;
            verdicts.Append("## ").Append(label).Append(": ").Append(summary["metrics"]!["correct"]).Append('/').Append(summary["metrics"]!["n"])
                .Append(" (value model ").Append((string?)summary["valueModel"] ?? "none").Append(")\n");
            foreach (var line in File.ReadAllLines(Path.Combine(folder, "samples.jsonl")))
            {
                var sample = JsonNode.Parse(line)!.AsObject();
                verdicts.Append(sample["id"]).Append(" gold=").Append(sample["gold"]).Append(" answer=").Append((string?)sample["answer"] ?? "-")
                    .Append(' ').Append((bool)sample["correct"]! ? "correct" : "wrong").Append('\n');
            }
        }

        Snapshot.Match(verdicts.ToString());

        // The ordering the seeds report (model card, "Quality bar").
        var (greedy, maj, beam1, beam3, mcts) = (accuracy["greedy"], accuracy["maj@5"], accuracy["beam(1,5)"], accuracy["beam(3,5)"], accuracy["mcts"]);
        var table = string.Join(", ", accuracy.Select(p => $"{p.Key} {p.Value.ToString("P1", CultureInfo.InvariantCulture)}"));
        Assert.True(greedy is > 0.05 and < 0.95, table);
        Assert.True(greedy < maj, table);
        Assert.True(maj <= beam1, table);
        Assert.True(beam1 < beam3, table);
        Assert.True(beam3 >= greedy + 0.15, table);
        Assert.True(mcts > greedy, table);
    }
}
