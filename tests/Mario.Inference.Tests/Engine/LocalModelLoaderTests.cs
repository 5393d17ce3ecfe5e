using Mario.Inference.SafeTensors;
using Mario.Inference.Tests.Support;

namespace Mario.Inference.Tests.Engine;

public sealed class LocalModelLoaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("mario-local-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string CopyFixture(string variant = "tiny-qwen2")
    {
        foreach (var f in Directory.GetFiles(Fixtures.Dir(variant)))
        {
            File.Copy(f, Path.Combine(_dir, Path.GetFileName(f)));
        }

        return _dir;
    }

    [Fact]
    public void Load_MissingTokenizer_NamesTheFile()
    {
        var dir = CopyFixture();
        File.Delete(Path.Combine(dir, "tokenizer.json"));

        var e = Assert.Throws<FileNotFoundException>(() => LocalModelLoader.Load(dir, TestByteTokenizer.Load));

        Assert.Contains("has no tokenizer.json", e.Message);
    }

    [Fact]
    public void Load_UnknownArchitecture_IsRejectedByName()
    {
        var dir = CopyFixture();
        var config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("Qwen2ForCausalLM", "GPTNeoXForCausalLM"));

        var e = Assert.Throws<InvalidDataException>(() => LocalModelLoader.Load(dir, TestByteTokenizer.Load));

        Assert.Contains("'GPTNeoXForCausalLM', which is not supported", e.Message);
    }

    [Fact]
    public void Load_ConfigDisagreeingWithTensors_NamesTheTensor()
    {
        var dir = CopyFixture();
        var config = Path.Combine(dir, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"intermediate_size\": 128", "\"intermediate_size\": 96"));

        var e = Assert.Throws<InvalidDataException>(() => LocalModelLoader.Load(dir, TestByteTokenizer.Load));

        Assert.Contains("tensor 'model.layers.0.mlp.gate_proj.weight' has shape [128, 64]; config.json implies [96, 64]", e.Message);
    }

    [Fact]
    public void Load_TruncatedShard_IsRejectedWithTheTensorName()
    {
        var dir = CopyFixture();
        var shard = Path.Combine(dir, "model-00002-of-00002.safetensors");
        var bytes = File.ReadAllBytes(shard);
        File.WriteAllBytes(shard, bytes[..^100]);

        var e = Assert.Throws<SafeTensorsFormatException>(() => LocalModelLoader.Load(dir, TestByteTokenizer.Load));

        Assert.Contains("model-00002-of-00002.safetensors: tensor '", e.Message);
        Assert.Contains("past the end of the file", e.Message);
    }

    [Theory]
    [InlineData("score.weight", "score.bias", ValueHeadActivation.Sigmoid)]
    [InlineData("v_head.weight", "v_head.bias", ValueHeadActivation.Tanh)]
    public async Task ValueHead_OtherLayouts_AreLoaded_AndStayInRange(string weightName, string biasName, ValueHeadActivation activation)
    {
        var dir = CopyFixture();
        var weight = Enumerable.Range(0, 64).Select(i => (float)Math.Sin(i) * 2f).ToArray();
        SafeTensorsWriter.Write(Path.Combine(dir, ValueHead.FileName), (weightName, [1, 64], weight), (biasName, [1], [0.5f]));

        using var model = LocalModelLoader.Load(dir, TestByteTokenizer.Load, new Mario.Inference.Engine.EngineOptions(2, KvCacheTokens: 1024), activation);
        var scores = await model.ValueModel!.ScoreAsync(["Let x be 5.", "The answer is 55."], default);

        var hidden = model.Engine.FinalHidden(model.Tokenizer.Encode("Let x be 5."));
        var z = hidden.Select((h, i) => (double)h * weight[i]).Sum() + 0.5;
        var expected = activation == ValueHeadActivation.Tanh ? Math.Tanh(z) : 2 / (1 + Math.Exp(-z)) - 1;
        Assert.Equal(expected, scores[0], 4);
        Assert.All(scores, s => Assert.InRange(s, -1.0, 1.0));
    }

    [Fact]
    public void ValueHead_WithWrongWidth_IsRejected()
    {
        var dir = CopyFixture();
        SafeTensorsWriter.Write(Path.Combine(dir, ValueHead.FileName), ("v_head.summary.weight", [1, 32], new float[32]));

        var e = Assert.Throws<InvalidDataException>(() => LocalModelLoader.Load(dir, TestByteTokenizer.Load));

        Assert.Contains("value head 'v_head.summary.weight' has 32 weights; the model's hidden size is 64", e.Message);
    }
}
