using Mario.Inference.Tests.Support;
using Mario.Models;

namespace Mario.Inference.Tests.Engine;

public sealed class LocalLanguageModelTests
{
    private const string Prompt = "Let x be the number of apples. Then 3x + 4 = 19, so";

    [Fact]
    public async Task StopString_SpanningTokens_EndsTheCompletionBeforeIt()
    {
        using var model = TinyModels.Load("tiny-qwen2");
        var lm = model.LanguageModel;
        var free = (await lm.GenerateAsync([new GenerationRequest(Prompt, SamplingOptions.Greedy(30), [])], default))[0][0];
        Assert.True(free.Text.Length >= 8, $"need some text to cut: '{free.Text}'");

        // A 3-character stop taken from the middle of the free-running text: byte-level tokens mean it spans several tokens.
        var stop = free.Text.Substring(4, 3);
        var cut = (await lm.GenerateAsync([new GenerationRequest(Prompt, SamplingOptions.Greedy(30), ["\u0000never", stop])], default))[0][0];

        Assert.Equal(free.Text[..free.Text.IndexOf(stop, StringComparison.Ordinal)], cut.Text);
        Assert.Equal(FinishReason.Stop, cut.Finish);
        Assert.Equal(stop, cut.StopSequence);
        Assert.Equal(cut.CompletionTokens, cut.TokenLogProbs!.Count);
        Assert.True(cut.CompletionTokens < free.CompletionTokens);
    }

    [Fact]
    public async Task Generate_ReturnsCountCompletionsPerRequest_InOrder()
    {
        using var model = TinyModels.Load("tiny-qwen2");
        var requests = new[]
        {
            new GenerationRequest(Prompt, new SamplingOptions(1f, 0.9f, 20, 8, Seed: 1), [], Count: 3),
            new GenerationRequest("The area", SamplingOptions.Greedy(5), [], Count: 1),
        };

        var results = await model.LanguageModel.GenerateAsync(requests, default);

        Assert.Equal([3, 1], results.Select(r => r.Count));
        Assert.All(results[0], c => Assert.Equal(FinishReason.Length, c.Finish));
        Assert.All(results[0], c => Assert.Equal(8, c.CompletionTokens));
        Assert.All(results[0], c => Assert.All(c.TokenLogProbs!, lp => Assert.True(lp <= 0)));
        Assert.Equal(model.Tokenizer.Encode(Prompt).Length, results[0][0].PromptTokens);
        var again = await model.LanguageModel.GenerateAsync(requests, default);
        Assert.Equal(results.SelectMany(r => r).Select(c => c.Text), again.SelectMany(r => r).Select(c => c.Text));
    }

    [Theory]
    [InlineData(0, 1f, 0, 5, "Count is 0")]
    [InlineData(1, -1f, 0, 5, "Temperature is -1")]
    [InlineData(1, 1f, -2, 5, "TopK is -2")]
    [InlineData(1, 1f, 0, 0, "MaxTokens is 0")]
    public async Task InvalidRequest_IsRejectedWithItsIndexAndField(int count, float temperature, int topK, int maxTokens, string expected)
    {
        using var model = TinyModels.Load("tiny-qwen2");
        var bad = new GenerationRequest(Prompt, new SamplingOptions(temperature, 1f, topK, maxTokens), [], count);

        var e = await Assert.ThrowsAsync<ArgumentException>(async () => await model.LanguageModel.GenerateAsync([bad], default));

        Assert.Contains("request 0: " + expected, e.Message);
    }

    [Fact]
    public async Task LongPrompt_IsContextOverflow()
    {
        using var model = TinyModels.Load("tiny-qwen2");
        var prompt = new string('7', 200);

        var c = (await model.LanguageModel.GenerateAsync([new GenerationRequest(prompt, SamplingOptions.Greedy(5), [])], default))[0][0];

        Assert.Equal(FinishReason.ContextOverflow, c.Finish);
        Assert.Equal("", c.Text);
        Assert.Equal(200, c.PromptTokens);
    }
}
