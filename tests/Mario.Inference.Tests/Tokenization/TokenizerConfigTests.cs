using Mario.Inference.Tokenization;

namespace Mario.Inference.Tests.Tokenization;

/// <summary>Special-token roles from tokenizer_config.json, resolved against the tokenizer.</summary>
public sealed class TokenizerConfigTests : IDisposable
{
    private readonly string dir = Directory.CreateTempSubdirectory("mario-tokcfg-").FullName;

    public void Dispose() => Directory.Delete(dir, recursive: true);

    [Theory]
    [InlineData("{\"eos_token\": \"<|end|>\", \"bos_token\": null, \"pad_token\": \"<sep>\", \"add_bos_token\": false}", null, 276, 277, false)]
    [InlineData("{\"eos_token\": {\"content\": \"<|end|>\", \"special\": true}, \"bos_token\": \"the\"}", 269, 276, null, null)]
    [InlineData("{}", null, null, null, null)]
    public void Load_TokenNames_ResolveToIds(string json, int? bos, int? eos, int? pad, bool? addBos)
    {
        File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"), json);
        Assert.Equal(new TokenizerConfig(bos, eos, pad, addBos), TokenizerConfig.LoadFromDirectory(dir, TokenizerFixtures.Tiny));
    }

    [Theory]
    [InlineData("{\"eos_token\": \"<|nope|>\"}", "$.eos_token", "is not a single token")]
    [InlineData("{\"eos_token\": 5}", "$.eos_token", "expected a string")]
    [InlineData("[1]", "$", "expected an object")]
    [InlineData("{", "$", "not valid JSON")]
    public void Load_BadField_NamesFileAndPath(string json, string jsonPath, string problem)
    {
        File.WriteAllText(Path.Combine(dir, "tokenizer_config.json"), json);
        var e = Assert.Throws<TokenizerFormatException>(() => TokenizerConfig.LoadFromDirectory(dir, TokenizerFixtures.Tiny));
        Assert.Equal(jsonPath, e.JsonPath);
        Assert.EndsWith("tokenizer_config.json", e.FilePath);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void LoadFromDirectory_NoConfig_ReturnsNone() =>
        Assert.Same(TokenizerConfig.None, TokenizerConfig.LoadFromDirectory(dir, TokenizerFixtures.Tiny));

    [Fact]
    public void BpeTokenizerLoadFromDirectory_NoTokenizerJson_NamesTheFolder()
    {
        var e = Assert.Throws<FileNotFoundException>(() => BpeTokenizer.LoadFromDirectory(dir));
        Assert.Contains(dir, e.Message);
    }

    [NpmFixtureFact]
    public void Load_Qwen25Config_EndsWithImEnd()
    {
        var models = Path.GetDirectoryName(TokenizerFixtures.NpmTokenizerPath("tokenizer-qwen2_5"))!;
        var config = TokenizerConfig.LoadFromDirectory(models, TokenizerFixtures.Qwen25);
        Assert.Equal(new TokenizerConfig(null, 151645, 151643, false), config);
    }
}
