using Mario.Inference.Engine;
using Mario.Inference.Tests.Support;
using Mario.Models;
using Xunit.Abstractions;

namespace Mario.Inference.Tests.Engine;

/// <summary>
/// The engine against the plain PyTorch reference in tools/fixtures (outputs committed in Data/*/reference.json):
/// last-position logits of prompts of 1, 7 and 24 tokens, a 20-token greedy continuation, and value-head outputs.
/// </summary>
public sealed class TinyModelReferenceTests(ITestOutputHelper output)
{
    /// <summary>float32 accumulation order differs from torch's; observed errors are ~1e-6, the bound leaves headroom.</summary>
    private const float Tolerance = 1e-4f;

    private static readonly string[] VariantNames = ["tiny-qwen2", "tiny-qwen2-tied-bf16", "tiny-llama3-f16"];

    public static TheoryData<string> Variants() => new(VariantNames);

    public static TheoryData<string, bool> VariantsAndAttentionPaths()
    {
        var data = new TheoryData<string, bool>();
        foreach (var variant in VariantNames)
        {
            data.Add(variant, true);
            data.Add(variant, false);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(VariantsAndAttentionPaths))]
    public void Logits_OfEachPrompt_MatchTheTorchReference_OnEitherAttentionPath(string variant, bool vectorAttention)
    {
        var reference = Fixtures.LoadReference(variant);
        using var engine = TinyModels.Engine(variant, vectorAttention: vectorAttention);

        var worst = 0f;
        for (var p = 0; p < reference.Prompts.Length; p++)
        {
            engine.Cache.Clear();
            var logits = engine.Logits(reference.Prompts[p]);
            Assert.Equal(reference.LastLogits[p].Length, logits.Length);
            for (var i = 0; i < logits.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(logits[i] - reference.LastLogits[p][i]));
            }
        }

        output.WriteLine($"{variant} (vector attention {vectorAttention}): max |logit - torch| = {worst:E2} over {reference.Prompts.Length} prompts");
        Assert.InRange(worst, 0f, Tolerance);
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void GreedyContinuation_MatchesTheTorchReference(string variant)
    {
        var reference = Fixtures.LoadReference(variant);
        using var engine = TinyModels.Engine(variant);

        var result = engine.Generate([new SequenceRequest(reference.Prompts[reference.GreedyPromptIndex], SamplingOptions.Greedy(20))], default)[0];

        Assert.Equal(reference.Greedy, result.Tokens);
        Assert.Equal(FinishReason.Length, result.Finish);
    }

    [Fact]
    public void LogProbs_AreLogSoftmaxOfTheUnscaledLogits()
    {
        var reference = Fixtures.LoadReference("tiny-qwen2");
        var prompt = reference.Prompts[reference.GreedyPromptIndex];
        var logits = reference.LastLogits[reference.GreedyPromptIndex];
        using var engine = TinyModels.Engine("tiny-qwen2");

        var result = engine.Generate([new SequenceRequest(prompt, new SamplingOptions(0.7f, MaxTokens: 1, Seed: 3))], default)[0];

        var max = logits.Max();
        var logSumExp = max + Math.Log(logits.Sum(l => Math.Exp(l - max)));
        Assert.Equal(logits[result.Tokens[0]] - logSumExp, result.LogProbs[0], 4);
    }

    [Theory]
    [InlineData("tiny-qwen2")]
    [InlineData("tiny-qwen2-tied-bf16")]
    public async Task ValueHead_MatchesTheTorchReference(string variant)
    {
        var reference = Fixtures.LoadReference(variant);
        using var model = TinyModels.Load(variant);
        Assert.NotNull(model.ValueModel);

        var worst = 0.0;
        for (var p = 0; p < reference.Prompts.Length; p++)
        {
            var hidden = model.Engine.FinalHidden(reference.Prompts[p]);
            var value = model.ValueHead!.Score(hidden);
            Assert.InRange(value, -1.0, 1.0);
            worst = Math.Max(worst, Math.Abs(value - reference.Values[p]));
        }

        // Through the IValueModel contract: text -> tokens -> value.
        var text = model.Tokenizer.Decode(reference.Prompts[2]);
        var scored = await model.ValueModel!.ScoreAsync([text], default);
        Assert.Equal(model.ValueHead!.Score(model.Engine.FinalHidden(model.Tokenizer.Encode(text))), scored[0], 12);

        output.WriteLine($"{variant}: max |value - torch| = {worst:E2}");
        Assert.InRange(worst, 0.0, 1e-4);
    }

    [Fact]
    public void ValueHead_IsAbsent_WhenTheCheckpointHasNone()
    {
        using var model = TinyModels.Load("tiny-llama3-f16");

        Assert.Null(model.ValueModel);
    }
}
