using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mario.Testing;
using Mario.Tool.Suites;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Suites;

public sealed class SourceNormalizerTests
{
    [Theory]
    [InlineData("gsm8k-test-mini")]
    [InlineData("math500-mini")]
    public void Normalize_SourceRebuiltFromShippedData_ReproducesTheDataFileByteForByte(string suiteId) =>
        AssertRoundTrip(TestPaths.ShippedSuites, suiteId);

    [FullSuitesTheory]
    [InlineData("gsm8k-test")]
    [InlineData("math500")]
    public void Normalize_SourceRebuiltFromData_ReproducesTheDataFileByteForByte(string suiteId) =>
        AssertRoundTrip(TestPaths.FullSuites, suiteId);

    private static void AssertRoundTrip(string folder, string suiteId)
    {
        var manifest = SuiteCatalog.LoadEmbedded().Find(suiteId)!;
        var data = File.ReadAllText(Path.Combine(folder, manifest.Data.File));
        var source = RebuildSource(manifest.Pull.Normalizer, data);

        var (normalized, error) = SourceNormalizer.Normalize(manifest, source, "source");

        Assert.Null(error);
        Assert.Equal(data, normalized);
    }

    [Fact]
    public void Normalize_Gsm8kLineWithoutMarker_NamesTheLineAndField()
    {
        var manifest = SuiteCatalog.LoadEmbedded().Find("gsm8k-test")!;

        var (normalized, error) = SourceNormalizer.Normalize(manifest, "{\"question\": \"q\", \"answer\": \"a #### 1\"}\n{\"question\": \"q\", \"answer\": \"no marker\"}\n", "src.jsonl");

        Assert.Null(normalized);
        Assert.Equal("src.jsonl:2: answer: no '####' final-answer marker", error);
    }

    /// <summary>The upstream files are not available offline; rebuild an equivalent source from the normalized rows.</summary>
    internal static string RebuildSource(PullNormalizer normalizer, string data)
    {
        var builder = new StringBuilder();
        foreach (var line in data.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            var row = JsonNode.Parse(line)!.AsObject();
            JsonObject source = normalizer switch
            {
                PullNormalizer.Gsm8k => new JsonObject { ["question"] = row["question"]!.DeepClone(), ["answer"] = row["orig_answer"]!.DeepClone() },
                PullNormalizer.Math500 => new JsonObject
                {
                    ["problem"] = row["question"]!.DeepClone(),
                    ["solution"] = row["solution"]!.DeepClone(),
                    ["answer"] = row["answer"]!.DeepClone(),
                    ["subject"] = row["subject"]!.DeepClone(),
                    ["level"] = row["level"]!.DeepClone(),
                    ["unique_id"] = row["unique_id"]!.DeepClone(),
                },
                _ => throw new ArgumentOutOfRangeException(nameof(normalizer)),
            };
            builder.Append(source.ToJsonString(new JsonSerializerOptions { WriteIndented = false })).Append('\n');
        }

        return builder.ToString();
    }
}
