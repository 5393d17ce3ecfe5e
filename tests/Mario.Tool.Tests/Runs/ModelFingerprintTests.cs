using System.Security.Cryptography;
using System.Text;
using Mario.Testing;
using Mario.Tool.Cli;
using Mario.Tool.Runs;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Runs;

public sealed class ModelFingerprintTests
{
    [Fact]
    public async Task Summary_OfTheEmbeddedModel_NamesItsWeightsByTheDocumentedHash()
    {
        using var temp = new TempDirectory();
        var output = temp.Combine("run");

        var run = await CliRun.InvokeAsync(new FixedTimeProvider(), "eval", "--strategy", "greedy", "--limit", "1", "-o", output);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var (summary, error) = await RunJson.ReadSummaryAsync(Path.Combine(output, "summary.json"), CancellationToken.None);
        Assert.True(summary is not null, error);
        // docs/run-files.md: each file's name and a newline, then its bytes, for config, tokenizer and *.safetensors, in name order.
        var folder = Path.Combine(TestPaths.RepoRoot, "models", "tiny");
        var bytes = new List<byte>();
        foreach (var file in Directory.GetFiles(folder).Where(f => f.EndsWith(".safetensors", StringComparison.Ordinal) || Path.GetFileName(f) is "config.json" or "tokenizer.json").Order(StringComparer.Ordinal))
        {
            bytes.AddRange(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n"));
            bytes.AddRange(await File.ReadAllBytesAsync(file));
        }

        var expected = Convert.ToHexStringLower(SHA256.HashData(bytes.ToArray()));
        Assert.Equal(expected, summary.ModelSha256);
        Assert.Equal(expected, summary.ValueModelSha256);
    }
}
