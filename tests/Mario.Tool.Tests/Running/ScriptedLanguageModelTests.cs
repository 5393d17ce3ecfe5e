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
    [InlineData("{\"id\":\"x\",\"rules\":[{\"completion\":\"a\"}]}", "rules[0]: exactly one of 'contains' and 'regex' is required")]
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
}
