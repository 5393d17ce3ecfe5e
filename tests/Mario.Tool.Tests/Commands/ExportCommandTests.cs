using System.Text.Json;
using Mario.Models.Scripted;
using Mario.Search;
using Mario.Search.Export;
using Mario.Search.Steps;
using Mario.Search.Strategies;
using Mario.Search.Tree;
using Mario.Testing;
using Mario.Tool.Cli;
using Mario.Tool.Commands;
using Mario.Tool.Runs;

namespace Mario.Tool.Tests.Commands;

public sealed class ExportCommandTests : IDisposable
{
    private readonly string _runDir = Directory.CreateTempSubdirectory("mario-export-").FullName;

    public void Dispose() => Directory.Delete(_runDir, recursive: true);

    [Theory]
    [InlineData("alphamath", ExportFormat.AlphaMath)]
    [InlineData("rstar-ppm", ExportFormat.RStarPpm)]
    [InlineData("math-shepherd", ExportFormat.MathShepherd)]
    [InlineData("sft", ExportFormat.Sft)]
    public async Task Export_SavedMctsTree_WritesTheLibraryLines(string name, ExportFormat format)
    {
        var dump = await SearchTreeAsync();
        await File.WriteAllTextAsync(Path.Combine(_runDir, "samples.jsonl"), Line("p0", "1", null) + Line("p1", "42", dump.ToJsonElement()));

        var exit = await MarioCli.Build().Parse(["export", "--format", name, "--min-edit-distance", "0", _runDir]).InvokeAsync();

        Assert.Equal(ExitCodes.Ok, exit);
        var written = await File.ReadAllLinesAsync(Path.Combine(_runDir, $"export-{name}.jsonl"));
        var expected = TrainingExport.Lines(format, dump, new ExportOptions(MinEditDistance: 0));
        Assert.Equal(expected, written);
        Assert.NotEmpty(written);
    }

    [Theory]
    [InlineData("not json", "line 1: $: ")]
    [InlineData("{\"gold\":\"1\"}", "missing required properties including: 'id'")]
    [InlineData("TREE:{\"version\":1,\"problemId\":\"a\",\"question\":\"q\",\"strategy\":\"s\",\"stepFormat\":\"tagged\",\"nodes\":[{\"id\":\"0.1\",\"kind\":\"root\",\"text\":\"\"}]}", "line 1: field tree: nodes: the first node must be the root")]
    public async Task Export_BadSamplesLine_ExitsTwoNamingTheLine(string line, string message)
    {
        // TREE: marks a whole sample line around a damaged tree.
        line = line.StartsWith("TREE:", StringComparison.Ordinal)
            ? Line("a", null, JsonDocument.Parse(line["TREE:".Length..]).RootElement.Clone()).TrimEnd('\n')
            : line;
        await File.WriteAllTextAsync(Path.Combine(_runDir, "samples.jsonl"), line + "\n");
        var error = new StringWriter();
        var previous = Console.Error;
        Console.SetError(error);
        try
        {
            var exit = await MarioCli.Build().Parse(["export", "--format", "sft", _runDir]).InvokeAsync();

            Assert.Equal(ExitCodes.Usage, exit);
            Assert.Contains(message, error.ToString());
        }
        finally
        {
            Console.SetError(previous);
        }
    }

    private static string Line(string id, string? gold, JsonElement? tree) => System.Text.Encoding.UTF8.GetString(RunJson.Serialize(
        new SampleLine(id, gold ?? "", "", null, false, null, [], new SampleUsage(0, 0, 0, 0, 0, 0, 0, 0), null, null, null, null, Tree: tree)));

    private static async Task<TreeDump> SearchTreeAsync()
    {
        // Data-generation MCTS: the root's answer "42" is correct (+1); the code branch ends in a wrong "41" (-1).
        const string code = "<step>\n<p>\nTry a long computation first.\n</p>\n<code>\n```python\nx=1\n```\n</code>\n<output>\n\n</output>\n</step>";
        var policy = new ScriptedLanguageModel()
            .On("</question>\n",
                new ScriptedSample("<step>\n<p>\nMultiply six by seven.\n</p>\n<p>\nFinal Answer: $42$\n</p>\n", "</step>", -0.1),
                new ScriptedSample("<step>\n<p>\nTry a long computation first.\n</p>\n<code>\n```python\nx=1\n```", "\n</code>", -0.1))
            .On(code + "\n", new ScriptedSample("<step>\n<p>\nSo.\n</p>\n<p>\nFinal Answer: $41$\n</p>\n", "</step>", -0.1));
        var problem = new Problem("p1", "What is 6*7?", "42");
        var context = SearchContext.ForProblem(problem, 1, policy, new TaggedStepFormat(), new StringEquivalenceChecker(), sandbox: new FakeSandbox());
        var result = await new MctsStrategy(new MctsOptions(Iterations: 4, SamplesPerExpansion: 2, UseGoldReward: true)).SolveAsync(problem, context, default);
        return result.Tree;
    }
}
