using Mario.Models;

namespace Mario.Tool.Tests.Running;

public sealed class ModelSpecTests
{
    [Theory]
    [InlineData("tiny", ModelSpecKind.Tiny, "", null)]
    [InlineData("local:models/qwen", ModelSpecKind.Local, "models/qwen", null)]
    [InlineData("openai:http://127.0.0.1:8000/v1#qwen", ModelSpecKind.OpenAi, "http://127.0.0.1:8000/v1", "qwen")]
    [InlineData("scripted:a/b.json", ModelSpecKind.Scripted, "a/b.json", null)]
    public void TryParse_ValidSpec_RoundTrips(string text, ModelSpecKind kind, string location, string? name)
    {
        Assert.True(ModelSpec.TryParse(text, out var spec, out _));
        Assert.Equal(new ModelSpec(kind, location, name), spec);
        Assert.Equal(text, spec.ToString());
    }

    [Theory]
    [InlineData("", "empty model spec")]
    [InlineData("gpt4", "unknown model spec 'gpt4'")]
    [InlineData("local:", "model spec 'local:' lacks a path")]
    [InlineData("openai:http://x", "must be openai:URL#NAME")]
    [InlineData("openai:ftp://x#m", "is not an http(s) URL")]
    public void TryParse_InvalidSpec_SaysWhatWasExpected(string text, string expected)
    {
        Assert.False(ModelSpec.TryParse(text, out _, out var error));
        Assert.Contains(expected, error);
    }
}
