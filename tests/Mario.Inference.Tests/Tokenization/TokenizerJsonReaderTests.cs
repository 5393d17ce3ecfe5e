using System.Text;
using System.Text.Json.Nodes;
using Mario.Inference.Tokenization;

namespace Mario.Inference.Tests.Tokenization;

/// <summary>Malformed or unsupported tokenizer.json content: one error naming the file, the JSON path and the problem.</summary>
public sealed class TokenizerJsonReaderTests
{
    public static TheoryData<string, string, string> Mutations => new()
    {
        { "model.type=WordPiece", "$.model.type", "unsupported model type \"WordPiece\"" },
        { "model.merges[0]=a", "$.model.merges[0]", "expected \"a b\"" },
        { "model.merges[0]=[1,2]", "$.model.merges[0]", "expected a string \"a b\" or a pair" },
        { "model.merges[1]=zz qq", "$.model.merges[1]", "token \"zz\" is not in $.model.vocab" },
        { "model.vocab.x=-3", "$.model.vocab[\"x\"]", "expected an integer id in [0, 16777216)" },
        { "model.vocab.x=2147483647", "$.model.vocab[\"x\"]", "expected an integer id in [0, 16777216)" },
        { "model.vocab.x=32", "$.model.vocab[\"x\"]", "id 32 is also used by" },
        { "model.byte_fallback=true", "$.model.byte_fallback", "not supported" },
        { "model.unk_token=<unk>", "$.model.unk_token", "\"<unk>\" is not in $.model.vocab" },
        { "normalizer.type=Lowercase", "$.normalizer.type", "unsupported normalizer \"Lowercase\"" },
        { "pre_tokenizer.pretokenizers[0].pattern.Regex=\\w+", "$.pre_tokenizer.pretokenizers[0].pattern.Regex", "unsupported regex" },
        { "pre_tokenizer.pretokenizers[0].behavior=Removed", "$.pre_tokenizer.pretokenizers[0].behavior", "expected \"Isolated\"" },
        { "pre_tokenizer.pretokenizers[1].type=Metaspace", "$.pre_tokenizer.pretokenizers[1].type", "unsupported pre-tokenizer \"Metaspace\"" },
        { "decoder.type=WordPiece", "$.decoder.type", "unsupported decoder" },
        { "added_tokens[0].content=", "$.added_tokens[0].content", "non-empty" },
        { "added_tokens[1].id=x", "$.added_tokens[1].id", "expected an integer id" },
        { "added_tokens[1].id=99999999", "$.added_tokens[1].id", "expected an integer id in [0, 16777216)" },
    };

    [Theory]
    [MemberData(nameof(Mutations))]
    public void Parse_BrokenField_NamesFileAndJsonPath(string mutation, string jsonPath, string problem)
    {
        var json = JsonNode.Parse(File.ReadAllText(TokenizerFixtures.DataPath("tiny-bpe.json")))!;
        Apply(json, mutation);
        var e = Assert.Throws<TokenizerFormatException>(
            () => BpeTokenizer.Parse(Encoding.UTF8.GetBytes(json.ToJsonString()), "broken/tokenizer.json"));
        Assert.Equal("broken/tokenizer.json", e.FilePath);
        Assert.Equal(jsonPath, e.JsonPath);
        Assert.Contains(problem, e.Problem);
        Assert.StartsWith($"broken/tokenizer.json: {jsonPath}: ", e.Message);
    }

    [Theory]
    [InlineData("{\"model\": ")]
    [InlineData("not json")]
    [InlineData("")]
    public void Parse_NotJson_ReportsPosition(string text)
    {
        var e = Assert.Throws<TokenizerFormatException>(() => BpeTokenizer.Parse(Encoding.UTF8.GetBytes(text), "t.json"));
        Assert.Equal("$", e.JsonPath);
        Assert.Contains("not valid JSON (line 1", e.Problem);
    }

    [Theory]
    [InlineData("[]", "$", "expected an object")]
    [InlineData("{}", "$.model", "missing")]
    [InlineData("{\"model\": {\"type\": \"BPE\", \"vocab\": {}, \"merges\": []}}", "$.pre_tokenizer", "no ByteLevel pre-tokenizer")]
    [InlineData("{\"model\": {\"type\": \"BPE\", \"vocab\": [], \"merges\": []}}", "$.model.vocab", "expected an object")]
    [InlineData("{\"model\": {\"type\": \"BPE\", \"vocab\": {\"\\ud800\": 0}, \"merges\": []}}", "$", "unreadable JSON value")]
    public void Parse_WrongShape_NamesJsonPath(string text, string jsonPath, string problem)
    {
        var e = Assert.Throws<TokenizerFormatException>(() => BpeTokenizer.Parse(Encoding.UTF8.GetBytes(text), "t.json"));
        Assert.Equal(jsonPath, e.JsonPath);
        Assert.Contains(problem, e.Problem);
    }

    [Fact]
    public void Parse_Utf8Bom_IsAccepted()
    {
        var bytes = File.ReadAllBytes(TokenizerFixtures.DataPath("tiny-bpe.json"));
        var tokenizer = BpeTokenizer.Parse([0xEF, 0xBB, 0xBF, .. bytes], "bom.json");
        Assert.Equal([269, 262, 266], tokenizer.Encode("the and x"));
    }

    // "a.b[0].c=value": sets a string, number, bool or array value at a path of the document.
    private static void Apply(JsonNode root, string mutation)
    {
        var eq = mutation.IndexOf('=');
        var path = mutation[..eq];
        var raw = mutation[(eq + 1)..];
        JsonNode? value = raw switch
        {
            "true" => JsonValue.Create(true),
            _ when raw.StartsWith('[') || (raw.Length > 0 && (char.IsDigit(raw[0]) || raw[0] == '-')) => JsonNode.Parse(raw),
            _ => JsonValue.Create(raw),
        };
        var parts = path.Replace("[", ".[").Split('.');
        var node = root;
        for (var i = 0; i < parts.Length - 1; i++)
        {
            node = Step(node, parts[i]);
        }

        var last = parts[^1];
        if (last.StartsWith('['))
        {
            node.AsArray()[int.Parse(last[1..^1])] = value;
        }
        else
        {
            node.AsObject()[last] = value;
        }
    }

    private static JsonNode Step(JsonNode node, string part) =>
        part.StartsWith('[') ? node.AsArray()[int.Parse(part[1..^1])]! : node.AsObject()[part]!;
}
