using System.Globalization;
using System.Text.Json.Nodes;
using Mario.Testing;
using Mario.Tool.Cli;
using Mario.Tool.Commands;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Conformance;

/// <summary>
/// Runs every conformance run of <c>TestData/Conformance/{prefix}runs.json</c> once through <c>dotnet mario eval</c>
/// (scripted policy and value model, real sandbox) and holds each problem's sample line next to the reference's
/// expected result (<c>{prefix}expected.json</c>).
/// </summary>
/// <param name="prefix">File-name prefix of the scenario set: "" for Super_MARIO, "rstar-" for rStar-Math.</param>
/// <param name="suite">The suite manifest's name in the data folder.</param>
public abstract class ConformanceRuns(string prefix, string suite) : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private readonly Dictionary<(string Run, string Problem), JsonObject> _samples = [];
    private readonly Dictionary<(string Run, string Problem), JsonObject> _expected = [];
    private readonly List<string> _failures = [];

    /// <summary>The folder of the scenario data.</summary>
    public static string DataFolder => Path.Combine(TestPaths.TestData, "Conformance");

    /// <summary>Every (run, problem) pair of a scenario set, in its runs file's order.</summary>
    public static IReadOnlyList<(string Run, string Problem)> Pairs(string prefix) => ReadRuns(prefix)
        .SelectMany(r => r["problems"]!.AsArray().Select(p => ((string)r["name"]!, (string)p!)))
        .ToList();

    /// <summary>Runs that failed to complete, with their standard error.</summary>
    public IReadOnlyList<string> Failures => _failures;

    /// <summary>mario's sample line (samples.jsonl) for a problem of a run.</summary>
    public JsonObject Sample(string run, string problem) =>
        _samples.TryGetValue((run, problem), out var sample) ? sample : throw new KeyNotFoundException($"{run}/{problem}: no sample ({string.Join("; ", _failures)})");

    /// <summary>The reference's result for a problem of a run (expected.json).</summary>
    public JsonObject Expected(string run, string problem) => _expected[(run, problem)];

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(DataFolder, prefix + "expected.json")))!["runs"]!.AsArray();
        foreach (var run in expected)
        {
            foreach (var (problem, result) in run!["problems"]!.AsObject())
            {
                _expected[((string)run["name"]!, problem)] = result!.AsObject();
            }
        }

        foreach (var run in ReadRuns(prefix))
        {
            var name = (string)run["name"]!;
            var output = _temp.Combine(name);
            var problems = run["problems"]!.AsArray().Select(p => (string)p!).ToList();
            List<string> args =
            [
                "eval", "--suite", Path.Combine(DataFolder, suite + ".json"),
                "--model", "scripted:" + Path.Combine(DataFolder, prefix + "policy.json"),
                "--value-model", "scripted:" + Path.Combine(DataFolder, prefix + "values.json"),
                "--strategy", (string)run["strategy"]!, "--ids", string.Join(",", problems), "-o", output, "-j", "1",
            ];
            foreach (var (option, value) in run["options"]!.AsObject())
            {
                args.AddRange(["-O", $"{option}={Text(value!)}"]);
            }

            var cli = await CliRun.InvokeAsync(new FixedTimeProvider(), [.. args]);
            if (cli.ExitCode != ExitCodes.Ok)
            {
                _failures.Add($"{name}: exit {cli.ExitCode}: {cli.Error}");
                continue;
            }

            foreach (var line in await File.ReadAllLinesAsync(Path.Combine(output, "samples.jsonl")))
            {
                var sample = JsonNode.Parse(line)!.AsObject();
                _samples[(name, (string)sample["id"]!)] = sample;
            }
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        _temp.Dispose();
        return Task.CompletedTask;
    }

    private static List<JsonNode> ReadRuns(string prefix) =>
        [.. JsonNode.Parse(File.ReadAllText(Path.Combine(DataFolder, prefix + "runs.json")))!["runs"]!.AsArray().Select(r => r!)];

    private static string Text(JsonNode value) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.True => "true",
        System.Text.Json.JsonValueKind.False => "false",
        System.Text.Json.JsonValueKind.Number => ((double)value).ToString(CultureInfo.InvariantCulture),
        _ => (string)value!,
    };
}
