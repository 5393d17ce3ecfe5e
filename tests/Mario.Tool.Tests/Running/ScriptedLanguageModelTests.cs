using Mario.Models.Scripted;
using Mario.Models;
using Mario.Tool.Running;

namespace Mario.Tool.Tests.Running;

public sealed class ScriptedLanguageModelTests
{
    private static readonly ScriptedModelFile File = new(
        "t",
        [
            new ScriptedRule(" one two three four five", Contains: "count"),
            new ScriptedRule(" 42\nStop here. 7", Regex: "^Q: ultimate"),
        ]);

    [Theory]
    [InlineData("please count", 10, " one two three four five", FinishReason.Stop, 5)]
    [InlineData("please count", 3, " one two three", FinishReason.Length, 3)]
    [InlineData("Q: ultimate question", 10, " 42", FinishReason.Stop, 1)]
    public async Task Generate_MatchingRule_AppliesStopAndBudget(string prompt, int maxTokens, string expected, FinishReason finish, int tokens)
    {
        var model = new ScriptedLanguageModel(File, TimeProvider.System);
        var request = new GenerationRequest(prompt, SamplingOptions.Greedy(maxTokens), ["\nStop"], 2);

        var result = await model.GenerateAsync([request], CancellationToken.None);

        var completions = Assert.Single(result);
        Assert.Equal(2, completions.Count);
        Assert.Equal(expected, completions[0].Text);
        Assert.Equal(finish, completions[0].Finish);
        Assert.Equal(tokens, completions[0].CompletionTokens);
    }

    [Fact]
    public async Task Generate_NoRuleAndNoFallback_FailsNamingThePrompt()
    {
        var model = new ScriptedLanguageModel(File, TimeProvider.System);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await model.GenerateAsync([new GenerationRequest("nothing matches", SamplingOptions.Greedy(), [], 1)], CancellationToken.None));

        Assert.Contains("no rule matches the prompt \"nothing matches\"", error.Message);
    }

    [Theory]
    [InlineData("{\"id\":\"x\",\"rules\":[{\"completion\":\"a\"}]}", "rules[0]: exactly one of 'contains', 'regex' and 'endsWith' is required")]
    [InlineData("{\"id\":\"x\",\"rules\":[{\"completion\":\"a\",\"regex\":\"(\"}]}", "rules[0].regex:")]
    [InlineData("{\"id\":\"x\",\"rules\":[],\"delayMs\":-1}", "delayMs: -1 must be in 0..600000")]
    [InlineData("{\"id\":\"x\",\"rules\":[],\"temperature\":1}", "temperature: unknown field")]
    public async Task Read_InvalidFile_NamesTheField(string json, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mario-scripted-{Guid.NewGuid():N}.json");
        await System.IO.File.WriteAllTextAsync(path, json);
        try
        {
            var (file, error) = await ScriptedModelFile.ReadAsync(path, CancellationToken.None);

            Assert.Null(file);
            Assert.Contains(expected, error);
            Assert.StartsWith(path, error);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }
    [Fact]
    public async Task Generate_SamplesRule_ReturnsDistinctSamplesWithLogProbs_Cycling()
    {
        var file = new ScriptedModelFile("s", [new ScriptedRule(EndsWith: "Q\n", Samples: [new ScriptedSample("a b", "</step>", -0.5), new ScriptedSample("c", null)])]);
        var model = new ScriptedLanguageModel(file, TimeProvider.System);

        var result = await model.GenerateAsync([new GenerationRequest("Q\n", SamplingOptions.Greedy(), ["</step>"], 3)], CancellationToken.None);

        var samples = Assert.Single(result);
        Assert.Equal(["a b", "c", "a b"], samples.Select(c => c.Text));
        Assert.Equal(["</step>", null, "</step>"], samples.Select(c => c.StopSequence));
        Assert.Equal(-0.5, samples[0].MeanLogProb!.Value, 12);
        Assert.Equal(2, samples[0].CompletionTokens);
        Assert.Null(samples[1].TokenLogProbs);
    }

    [Fact]
    public async Task Generate_LongestEndsWithWins_OverEarlierShorterAndContains()
    {
        var file = new ScriptedModelFile("s",
        [
            new ScriptedRule("contains", Contains: "step"),
            new ScriptedRule("short", EndsWith: "step\n"),
            new ScriptedRule("long", EndsWith: "last step\n"),
        ]);
        var model = new ScriptedLanguageModel(file, TimeProvider.System);

        var result = await model.GenerateAsync(
            [new GenerationRequest("Q\nlast step\n", SamplingOptions.Greedy(), [], 1), new GenerationRequest("Q\nfirst step\n", SamplingOptions.Greedy(), [], 1), new GenerationRequest("Q step", SamplingOptions.Greedy(), [], 1)],
            CancellationToken.None);

        Assert.Equal(["long", "short", "contains"], result.Select(r => r[0].Text));
    }

    [Fact]
    public async Task ValueModel_StepAndPathEntries_LongestMatchWins_AndUnknownTextFails()
    {
        var model = new ScriptedValueModel(new ScriptedValueFile("v",
        [
            new ScriptedValue(0.25, EndsWith: "B\n"),
            new ScriptedValue(-0.5, Path: ["A\n", "B\n"]),
        ]));

        var values = await model.ScoreAsync(["Q\nA\nB\n", "Q\nC\nB\n"], CancellationToken.None);

        Assert.Equal([-0.5, 0.25], values);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await model.ScoreAsync(["Q\nD\n"], CancellationToken.None));
        Assert.Contains("no entry matches the text ending \"Q\\nD\\n\"", error.Message);
    }

    [Theory]
    [InlineData("{\"id\":\"v\",\"values\":[{\"value\":2,\"endsWith\":\"x\"}]}", "values[0].value: 2 must be in [-1, 1]")]
    [InlineData("{\"id\":\"v\",\"values\":[{\"value\":0}]}", "values[0]: exactly one of 'endsWith', 'path' and 'contains' is required")]
    [InlineData("{\"id\":\"v\",\"values\":[],\"bias\":1}", "bias: unknown field")]
    public async Task ReadValueFile_Invalid_NamesTheField(string json, string expected)
    {
        var path = Path.Combine(Path.GetTempPath(), $"mario-values-{Guid.NewGuid():N}.json");
        await System.IO.File.WriteAllTextAsync(path, json);
        try
        {
            var (file, error) = ScriptedValueFile.Read(path);

            Assert.Null(file);
            Assert.Contains(expected, error);
            Assert.StartsWith(path, error);
        }
        finally
        {
            System.IO.File.Delete(path);
        }
    }
}
