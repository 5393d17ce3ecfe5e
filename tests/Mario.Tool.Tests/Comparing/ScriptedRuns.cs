using System.Text.Json;
using System.Text.Json.Nodes;
using Mario.Testing;
using Mario.Tool.Cli;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Comparing;

/// <summary>
/// Real <c>eval</c> runs of shipped suites with scripted models whose right and wrong problems are chosen: the
/// inputs of the compare and gate tests. The clock is fixed, so every run file is byte-stable.
/// </summary>
internal static class ScriptedRuns
{
    /// <summary>Problems each run covers (the first ones of the suite).</summary>
    public const int Problems = 12;

    /// <summary>
    /// Writes a scripted model that answers problem i (0-based, suite order) of <paramref name="suite"/> with its
    /// gold answer when <paramref name="right"/> says so, and with a wrong number otherwise.
    /// </summary>
    public static string WriteModel(string path, string id, string suite, Func<int, bool> right)
    {
        var rules = new JsonArray();
        var rows = File.ReadLines(Path.Combine(TestPaths.ShippedSuites, suite + ".jsonl")).Take(Problems).Select(l => JsonNode.Parse(l)!).ToList();
        for (var i = 0; i < rows.Count; i++)
        {
            var question = (string)rows[i]["question"]!;
            var answer = right(i) ? ((string)rows[i]["answer"]!).Trim() : "987654321";
            rules.Add(new JsonObject { ["contains"] = question[..Math.Min(60, question.Length)], ["completion"] = $" So the answer is \\boxed{{{answer}}}." });
        }

        var model = new JsonObject { ["id"] = id, ["delayMs"] = 0, ["rules"] = rules, ["fallback"] = " I do not know." };
        File.WriteAllText(path, model.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return "scripted:" + path;
    }

    /// <summary>Runs <c>eval</c> into <paramref name="output"/> and returns the folder; fails the test when eval fails.</summary>
    public static async Task<string> EvalAsync(string model, string output, string suite, params string[] extra)
    {
        var run = await CliRun.InvokeAsync(new FixedTimeProvider(),
            ["eval", "--suite", suite, "--step-format", "plain", "--model", model, "--strategy", "greedy", "--limit", Problems.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--seed", "1", "-o", output, "--data-dir", TestPaths.ShippedSuites, "--format", "json", .. extra]);
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        return output;
    }
}
