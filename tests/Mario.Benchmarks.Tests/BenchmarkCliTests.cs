using System.CommandLine;
using System.CommandLine.Invocation;

namespace Mario.Benchmarks.Tests;

public sealed class BenchmarkCliTests
{
    private static readonly string Tokenizer = Path.Combine(AppContext.BaseDirectory, "Data", "tokenizer.json");

    // The command lines docs/benchmarks.md records, after the `--` of `dotnet run --project bench/Mario.Benchmarks -c Release --`.
    [Theory]
    [InlineData("checker --sympy 300")]
    [InlineData("checker --pairs 100000 --seed 3")]
    [InlineData("sandbox --cells 400 --fresh-cells 20 --concurrency 2")]
    [InlineData("tokenizer --passes 7")]
    [InlineData("tokenizer --passes 7 --no-node --no-mlnet")]
    [InlineData("engine --runs 3 --prompt-tokens 32 --decode-tokens 16")]
    [InlineData("serve --requests 128 --max-tokens 32")]
    public void Parse_DocumentedCommandLines_HaveNoErrors(string commandLine)
    {
        var result = Program.Build().Parse(commandLine);

        Assert.Empty(result.Errors);
        Assert.Empty(result.UnmatchedTokens);
    }

    [Fact]
    public async Task Tokenizer_SideBySideWithMlTokenizers_ReportsThroughputAndAgreement()
    {
        var corpus = Path.Combine(Path.GetTempPath(), $"mario-bench-test-{Guid.NewGuid():N}.txt");
        await File.WriteAllLinesAsync(corpus, ["Let x be the number of apples. Then 3x + 4 = 19, so x = 5.", "print(sum(range(11)))", "Let 𝑥 + 𝑦 = 𝟏𝟎."]);
        var output = new StringWriter();
        var error = new StringWriter();
        try
        {
            var parse = Program.Build().Parse(["tokenizer", "--model", Tokenizer, "--corpus", corpus, "--passes", "2", "--no-node"]);
            var code = await parse.InvokeAsync(new InvocationConfiguration { Output = output, Error = error });

            Assert.True(code == 0, error.ToString());
        }
        finally
        {
            File.Delete(corpus);
        }

        var text = output.ToString();
        Assert.Contains("Microsoft.ML.Tokenizers 3.0.0 BpeTokenizer", text);
        Assert.Contains("/ mario time: warm median", text);
        Assert.Matches(@"ids equal mario's on \d of 3 corpus documents; on \d of 1 corpus documents with characters outside the BMP", text);
        Assert.Matches(@"non-BMP probes: \d of 7 agree", text);
    }

    [Fact]
    public async Task Tokenizer_MissingCorpus_ExitsUsageNamingTheFile()
    {
        var error = new StringWriter();
        var parse = Program.Build().Parse(["tokenizer", "--model", Tokenizer, "--corpus", "no-such-corpus.txt", "--no-node"]);

        var code = await parse.InvokeAsync(new InvocationConfiguration { Output = new StringWriter(), Error = error });

        Assert.Equal(2, code);
        Assert.Contains("--corpus no-such-corpus.txt: file not found", error.ToString());
    }
}
