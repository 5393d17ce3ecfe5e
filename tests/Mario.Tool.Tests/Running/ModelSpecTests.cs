using Mario.Models;

namespace Mario.Tool.Tests.Running;

public sealed class ModelSpecTests
{
    [Theory]
    [InlineData("tiny", ModelSpecKind.Tiny, "", null)]
    [InlineData("local:models/qwen", ModelSpecKind.Local, "models/qwen", null)]
    [InlineData("openai:http://127.0.0.1:8000/v1#qwen", ModelSpecKind.OpenAi, "http://127.0.0.1:8000/v1", "qwen")]
    [InlineData("openai:http://127.0.0.1:8000,http://127.0.0.1:8001#qwen", ModelSpecKind.OpenAi, "http://127.0.0.1:8000,http://127.0.0.1:8001", "qwen")]
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
    [InlineData("openai:http://x", "must be openai:URL[,URL...]#NAME")]
    [InlineData("openai:ftp://x#m", "is not an http(s) base URL")]
    [InlineData("openai:http://a:1,ftp://b#m", "'ftp://b' is not an http(s) base URL")]
    [InlineData("openai:http://a:1,http://a:1#m", "names one URL twice")]
    [InlineData("openai:http://a:1,#m", "'' is not an http(s) base URL")]
    public void TryParse_InvalidSpec_SaysWhatWasExpected(string text, string expected)
    {
        Assert.False(ModelSpec.TryParse(text, out _, out var error));
        Assert.Contains(expected, error);
    }

    [Fact]
    public void EndpointUrls_ListsEachReplicaInOrder()
    {
        Assert.True(ModelSpec.TryParse("openai:http://127.0.0.1:8000/v1, http://127.0.0.1:8001#qwen", out var spec, out _));

        Assert.Equal([new Uri("http://127.0.0.1:8000/v1"), new Uri("http://127.0.0.1:8001")], spec.EndpointUrls());
        Assert.Equal("openai:http://127.0.0.1:8000/v1,http://127.0.0.1:8001#qwen", spec.ToString());
    }
}
