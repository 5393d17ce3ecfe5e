using System.Text;
using System.Text.Json.Nodes;
using Mario.Testing;
using Mario.Tool.Commands;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Commands;

/// <summary>
/// Guards accuracy end to end: the embedded model, the CPU engine, the tokenizer, the sandbox, the step format, the
/// strategy and the checker together. Any change that moves one verdict on this fixed slice fails and shows which.
/// </summary>
public sealed class TinyModelTests
{
    [Fact]
    public async Task Eval_TinyGreedy_OnASyntheticSlice_MatchesTheApprovedVerdicts()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("run");

        var run = await CliRun.InvokeAsync(new FixedTimeProvider(), "eval", "--suite", "synth-arith", "--model", "tiny", "--strategy", "greedy", "--limit", "12", "-o", output);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var verdicts = new StringBuilder();
        foreach (var line in File.ReadAllLines(Path.Combine(output, "samples.jsonl")))
        {
            var sample = JsonNode.Parse(line)!.AsObject();
            verdicts.Append(sample["id"]).Append(" gold=").Append(sample["gold"]).Append(" answer=").Append((string?)sample["answer"] ?? "-")
                .Append(' ').Append((bool)sample["correct"]! ? "correct" : "wrong").Append('\n');
        }

        Snapshot.Match(verdicts.ToString());
    }
}
