using System.Text.Json;
using Json.Schema;
using Mario.Testing;
using Mario.Tool.Cli;
using Mario.Tool.Commands;
using Mario.Tool.Runs;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Runs;

/// <summary>
/// The run files have one typed model (Mario.Tool/Runs), a JSON Schema exported from it (docs/schemas/) and
/// committed examples (docs/examples/): the schemas equal what the model exports, and every example and every file
/// of a real run parses through the model and validates against the schema.
/// </summary>
public sealed class RunFileSchemaTests
{
    private static readonly string Schemas = Path.Combine(TestPaths.RepoRoot, "docs", "schemas");
    private static readonly string Examples = Path.Combine(TestPaths.RepoRoot, "docs", "examples");

    public static TheoryData<string> SchemaNames() => new("sample-line", "summary", "run", "comparison");

    [Theory]
    [MemberData(nameof(SchemaNames))]
    public void CommittedSchema_EqualsTheSchemaExportedFromTheModel(string name)
    {
        var exported = RunSchemas.ByName(name).ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        var path = Path.Combine(Schemas, name + ".schema.json");
        if (Environment.GetEnvironmentVariable("MARIO_ACCEPT") == "1")
        {
            File.WriteAllText(path, exported);
        }

        Assert.True(File.Exists(path) && File.ReadAllText(path) == exported,
            $"{path} differs from the schema the typed model exports; review the change, then accept it with MARIO_ACCEPT=1");
    }

    [Fact]
    public async Task CommittedExamples_ParseThroughTheModel_AndValidateAgainstTheSchemas()
    {
        var lines = File.ReadAllLines(Path.Combine(Examples, "samples.jsonl"));
        Assert.NotEmpty(lines);
        foreach (var line in lines)
        {
            var (sample, error) = RunJson.ParseSample(line);
            Assert.True(sample is not null, error);
            AssertValid("sample-line", line);
        }

        var summaryText = File.ReadAllText(Path.Combine(Examples, "summary.json"));
        var (summary, summaryError) = RunJson.ParseSummary(summaryText);
        Assert.True(summary is not null, summaryError);
        AssertValid("summary", summaryText);

        foreach (var (name, file) in new[] { ("run", "run.json"), ("comparison", "comparison.json") })
        {
            var text = File.ReadAllText(Path.Combine(Examples, file));
            AssertValid(name, text);
        }

        var (manifest, manifestError) = await RunJson.ReadRunManifestAsync(Path.Combine(Examples, "run.json"), CancellationToken.None);
        Assert.True(manifest is not null, manifestError);
        var (comparison, comparisonError) = await RunJson.ReadComparisonAsync(Path.Combine(Examples, "comparison.json"), CancellationToken.None);
        Assert.True(comparison is not null, comparisonError);
    }

    [Fact]
    public async Task RealRun_EveryFile_ValidatesAgainstTheSchemas()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("run");
        var run = await CliRun.InvokeAsync(new FixedTimeProvider(), "eval", "--limit", "3", "--strategy", "mcts", "-O", "iterations=4", "-o", output);
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);

        foreach (var line in File.ReadAllLines(Path.Combine(output, "samples.jsonl")))
        {
            AssertValid("sample-line", line);
        }

        AssertValid("summary", await File.ReadAllTextAsync(Path.Combine(output, "summary.json")));
        AssertValid("run", await File.ReadAllTextAsync(Path.Combine(output, "run.json")));
    }

    [Fact]
    public async Task RealComparison_RunAndComparisonFiles_ValidateAgainstTheSchemas()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("compare");
        var run = await CliRun.InvokeAsync(new FixedTimeProvider(), "eval", "--limit", "2", "--strategy", "greedy,maj@2", "-o", output);
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);

        var comparison = await File.ReadAllTextAsync(Path.Combine(output, "comparison.json"));
        AssertValid("comparison", comparison);
        Assert.Contains("\"strategy\": \"maj\"", comparison, StringComparison.Ordinal);
        foreach (var folder in new[] { "greedy", "maj-2" })
        {
            AssertValid("run", await File.ReadAllTextAsync(Path.Combine(output, folder, "run.json")));
        }

        if (Environment.GetEnvironmentVariable("MARIO_ACCEPT") == "1")
        {
            // The committed examples come from this real run (absolute paths and times scrubbed).
            File.WriteAllText(Path.Combine(Examples, "comparison.json"), Scrub(comparison, output));
            File.WriteAllText(Path.Combine(Examples, "run.json"), Scrub(await File.ReadAllTextAsync(Path.Combine(output, "maj-2", "run.json")), output));
        }
    }

    [Fact]
    public void Schema_RejectsAStrategySpelledAnotherWay()
    {
        var text = File.ReadAllText(Path.Combine(Examples, "run.json"));
        Assert.True(Evaluate("run", text).IsValid);
        var respelled = text.Replace("\"strategy\": \"maj\"", "\"strategy\": \"majority-vote\"", StringComparison.Ordinal);
        Assert.NotEqual(text, respelled);
        Assert.False(Evaluate("run", respelled).IsValid);
    }

    private static string Scrub(string text, string folder) => text.Replace(folder, "/runs/example", StringComparison.Ordinal);

    [Fact]
    public void Schema_RejectsAVerdictSpelledAnotherWay()
    {
        var line = File.ReadAllLines(Path.Combine(Examples, "samples.jsonl"))[0];
        Assert.Contains("equivalent\"", line);
        var respelled = line.Replace("\"not-equivalent\"", "\"notequivalent\"", StringComparison.Ordinal)
            .Replace("\"equivalent\"", "\"Equivalent\"", StringComparison.Ordinal);

        Assert.False(Evaluate("sample-line", respelled).IsValid);
    }

    private static void AssertValid(string schema, string json)
    {
        var result = Evaluate(schema, json);
        Assert.True(result.IsValid, $"{schema}: {JsonSerializer.Serialize(result)}");
    }

    private static EvaluationResults Evaluate(string schema, string json)
    {
        var compiled = JsonSchema.FromText(File.ReadAllText(Path.Combine(Schemas, schema + ".schema.json")));
        using var document = JsonDocument.Parse(json);
        return compiled.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List });
    }
}
