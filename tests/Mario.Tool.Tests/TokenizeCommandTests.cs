using Mario.Tool.Cli;
using Mario.Tool.Commands;

namespace Mario.Tool.Tests;

/// <summary><c>mario tokenize</c> end to end on the tiny committed tokenizer.json (no npm needed).</summary>
public sealed class TokenizeCommandTests : IDisposable
{
    private readonly string modelDir = Directory.CreateTempSubdirectory("mario-tokenize-").FullName;

    public TokenizeCommandTests() =>
        File.Copy(Path.Combine(RepositoryRoot(), "tests", "Mario.Inference.Tests", "Tokenization", "Data", "tiny-bpe.json"), Path.Combine(modelDir, "tokenizer.json"));

    public void Dispose() => Directory.Delete(modelDir, recursive: true);

    [Theory]
    [InlineData("the and x\nthen\n", "[269,262,266]\n[269,110]\n")]
    [InlineData("in the end<|end|>\n\n", "[259,258,32,101,261,276]\n[]\n")]
    [InlineData("cafe\u0301\n", "[273]\n")]
    public async Task Tokenize_TextLines_PrintsOneIdArrayPerLine(string stdin, string expected)
    {
        var (code, stdout, _) = await Run(TokenizeCommand.TokenizeMode.Encode, stdin);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(expected, stdout.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("[269,262,266]\n[276]\n", false, "the and x\n<|end|>\n")]
    [InlineData("[97,10,98]\n", true, "\"a\\nb\"\n")]
    [InlineData("[]\n", false, "\n")]
    public async Task Tokenize_Decode_PrintsText(string stdin, bool json, string expected)
    {
        var (code, stdout, _) = await Run(TokenizeCommand.TokenizeMode.Decode, stdin, json);
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Equal(expected, stdout.ReplaceLineEndings("\n"));
    }

    [Theory]
    [InlineData("[1,2]\n[1,2\n", "stdin line 2: expected a JSON array of token ids")]
    [InlineData("[\"a\"]\n", "stdin line 1: expected a JSON array of token ids")]
    [InlineData("[278]\n", "stdin line 1: token id 278 is outside [0, 278)")]
    [InlineData("[-1]\n", "stdin line 1: token id -1 is outside [0, 278)")]
    public async Task Tokenize_DecodeBadLine_ExitsUsageNamingTheLine(string stdin, string message)
    {
        var (code, _, stderr) = await Run(TokenizeCommand.TokenizeMode.Decode, stdin);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, stderr);
    }

    [Fact]
    public async Task Tokenize_Table_ListsTokenBytes()
    {
        var (code, stdout, _) = await Run(TokenizeCommand.TokenizeMode.Table, "café\n");
        Assert.Equal(ExitCodes.Ok, code);
        Assert.Contains("636166C3A9", stdout);
        Assert.Contains("\"café\"", stdout);
    }

    [Theory]
    [InlineData("local:/no/such/dir", "folder '/no/such/dir' does not exist")]
    [InlineData("openai:http://127.0.0.1:1#m", "read local models only")]
    [InlineData("missing-tokenizer.json", "file not found")]
    public async Task Tokenize_BadModelSpec_ExitsUsage(string spec, string message)
    {
        var error = new StringWriter();
        var code = await TokenizeCommand.RunAsync(spec, TokenizeCommand.TokenizeMode.Encode, false, new StringReader("x\n"), new StringWriter(), error, CancellationToken.None);
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains(message, error.ToString());
    }

    [Fact]
    public async Task Tokenize_MalformedTokenizerJson_ExitsUsageNamingJsonPath()
    {
        File.WriteAllText(Path.Combine(modelDir, "tokenizer.json"), "{\"model\": {\"type\": \"Unigram\"}}");
        var (code, _, stderr) = await Run(TokenizeCommand.TokenizeMode.Encode, "x\n");
        Assert.Equal(ExitCodes.Usage, code);
        Assert.Contains("$.model.type: unsupported model type \"Unigram\"", stderr);
    }

    [Theory]
    [InlineData("tokenize --model local:x")]
    [InlineData("tokenize --model t.json --decode --json")]
    public void Parse_TokenizerCommands_HaveNoErrors(string commandLine)
    {
        var result = MarioCli.Build().Parse(commandLine);
        Assert.Empty(result.Errors);
        Assert.Empty(result.UnmatchedTokens);
    }

    private async Task<(int Code, string Stdout, string Stderr)> Run(TokenizeCommand.TokenizeMode mode, string stdin, bool json = false)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await TokenizeCommand.RunAsync($"local:{modelDir}", mode, json, new StringReader(stdin), output, error, CancellationToken.None);
        return (code, output.ToString(), error.ToString());
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Mario.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"no Mario.sln above {AppContext.BaseDirectory}");
    }
}
