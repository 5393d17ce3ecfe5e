using Mario.Search.Steps;
using Mario.Testing;
using Mario.Tool.Suites;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Suites;

public sealed class SuiteManifestTests
{
    public static TheoryData<string> ManifestFiles() => new(Directory.GetFiles(TestPaths.EvalSuites, "*.json").Select(Path.GetFileName)!);

    public static TheoryData<string> SharedSuiteFiles() => new(SuiteData.FullSuiteFiles());

    public static TheoryData<string> ShippedSuiteFiles() => new(Directory.GetFiles(TestPaths.ShippedSuites, "*.jsonl").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Theory]
    [MemberData(nameof(ManifestFiles))]
    public async Task Manifest_OnDisk_LoadsAndIdEqualsFileName(string file)
    {
        var (manifest, error) = await ManifestReader.ReadFileAsync(Path.Combine(TestPaths.EvalSuites, file), CancellationToken.None);

        Assert.Null(error);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), manifest!.Id);
    }

    [Fact]
    public void Catalog_EmbeddedManifests_EqualTheFilesOnDisk()
    {
        var embedded = SuiteCatalog.LoadEmbedded().All.Select(m => m.Id).ToList();
        var onDisk = Directory.GetFiles(TestPaths.EvalSuites, "*.json").Select(f => Path.GetFileNameWithoutExtension(f)).Order(StringComparer.Ordinal).ToList();

        Assert.Equal(onDisk, embedded);
    }

    [FullSuitesTheory]
    [MemberData(nameof(SharedSuiteFiles))]
    public Task SharedSuite_HasManifest_AndValidates(string dataFile) => AssertMatchesManifestAsync(TestPaths.FullSuites, dataFile);

    /// <summary>The suites that ship in the repository (and so in every clone) are the files their manifests pin.</summary>
    [Theory]
    [MemberData(nameof(ShippedSuiteFiles))]
    public Task ShippedSuite_HasManifest_AndValidates(string dataFile) => AssertMatchesManifestAsync(TestPaths.ShippedSuites, dataFile);

    private static async Task AssertMatchesManifestAsync(string folder, string dataFile)
    {
        var manifest = SuiteCatalog.LoadEmbedded().All.SingleOrDefault(m => m.Data.File == dataFile);
        Assert.NotNull(manifest);
        var path = Path.Combine(folder, dataFile);

        var sha = await SuiteReader.Sha256Async(path, CancellationToken.None);
        var read = await SuiteReader.ReadAsync(path, dataFile, manifest, 5, CancellationToken.None);

        Assert.Equal(manifest.Data.Sha256, sha);
        Assert.Equal(manifest.Data.Bytes, new FileInfo(path).Length);
        Assert.Empty(read.Errors);
        Assert.Equal(manifest.Rows, read.Problems.Count);
    }

    [Theory]
    [InlineData("\"extra\": 1,", "m.json:2: extra: unknown field")]
    [InlineData("\"data\": {\"file\": \"x.jsonl\", \"sha256\": \"" + Sha + "\", \"bytes\": 1, \"color\": \"red\"},", "m.json:2: data.color: unknown field")]
    [InlineData("\"compare\": \"fuzzy\",", "m.json:2: compare: expected one of math, numeric, choice, string")]
    [InlineData("\"version\": \"one\",", "m.json:2: version: expected an integer")]
    [InlineData("\"stepFormat\": \"xml\",", "m.json:2: stepFormat: unknown step format 'xml'; expected one of tagged, react, rstar, plain, sft, cot")]
    [InlineData("\"stepFormat\": \"SFT\",", "m.json:2: stepFormat: unknown step format 'SFT'")]
    [InlineData("\"stepFormat\": 1,", "m.json:2: stepFormat: expected a string, one of tagged, react, rstar, plain, sft, cot")]
    public void Parse_BadField_NamesFileLineAndField(string inject, string expectedStart)
    {
        var json = Valid.Replace("{\n", "{\n" + inject + "\n", StringComparison.Ordinal);
        // Keep one occurrence of each field: drop the original line the injected one replaces.
        if (inject.StartsWith("\"data\"", StringComparison.Ordinal))
        {
            json = json.Replace("\"data\": {\"file\": \"x.jsonl\", \"sha256\": \"" + Sha + "\", \"bytes\": 1},\n", "", StringComparison.Ordinal);
        }

        var (manifest, error) = ManifestReader.Parse(json, "m.json");

        Assert.Null(manifest);
        Assert.StartsWith(expectedStart, error);
    }

    [Theory]
    [InlineData("\"id\": \"x\",", "\"id\": \"Bad Id\",", "m.json: id: 'Bad Id' must be letters")]
    [InlineData("\"rows\": 3,", "\"rows\": 0,", "m.json: rows: 0 must be at least 1")]
    [InlineData("\"sha256\": \"" + Sha + "\", \"bytes\": 1}", "\"sha256\": \"abc\", \"bytes\": 1}", "m.json: data.sha256: expected 64 lower-case hex digits")]
    [InlineData("\"title\": \"X\",", "", "m.json:")]
    public void Parse_InvalidValue_IsRejectedWithField(string find, string replace, string expectedStart)
    {
        var json = Valid.Replace(find, replace, StringComparison.Ordinal);

        var (manifest, error) = ManifestReader.Parse(json, "m.json");

        Assert.Null(manifest);
        Assert.StartsWith(expectedStart, error);
    }

    [Fact]
    public void Parse_MinimalValidManifest_AppliesDefaults()
    {
        var (manifest, error) = ManifestReader.Parse(Valid, "m.json");

        Assert.Null(error);
        Assert.Equal(GoldExtraction.Verbatim, manifest!.GoldExtraction);
        Assert.Equal(CompareMode.Math, manifest.Compare);
        Assert.Equal(PullNormalizer.None, manifest.Pull.Normalizer);
        Assert.Equal("question", manifest.Fields.Question);
    }

    [Theory]
    [InlineData(null, StepFormatKind.PlainCot)]
    [InlineData("sft", StepFormatKind.Tagged)]
    [InlineData("tagged", StepFormatKind.Tagged)]
    [InlineData("react", StepFormatKind.React)]
    [InlineData("rstar", StepFormatKind.RStar)]
    [InlineData("cot", StepFormatKind.PlainCot)]
    [InlineData("plain", StepFormatKind.PlainCot)]
    public void Parse_StepFormat_BindsThroughTheStepFormatNameTable(string? name, StepFormatKind expected)
    {
        var json = name is null ? Valid : Valid.Replace("{\n", "{\n\"stepFormat\": \"" + name + "\",\n", StringComparison.Ordinal);

        var (manifest, error) = ManifestReader.Parse(json, "m.json");

        Assert.Null(error);
        Assert.Equal(expected, manifest!.StepFormat);
        Assert.Equal(StepFormats.Names[name ?? "cot"], manifest.StepFormat);
    }

    private const string Sha = "0000000000000000000000000000000000000000000000000000000000000000";

    private const string Valid = "{\n"
        + "\"id\": \"x\",\n\"version\": 1,\n\"title\": \"X\",\n\"license\": \"MIT\",\n\"rows\": 3,\n"
        + "\"data\": {\"file\": \"x.jsonl\", \"sha256\": \"" + Sha + "\", \"bytes\": 1},\n"
        + "\"source\": {\"repo\": \"o/r\", \"commit\": \"c\", \"path\": \"p\", \"url\": \"https://example.org/x\", \"sha256\": \"" + Sha + "\", \"bytes\": 1},\n"
        + "\"mapping\": \"identity\"\n}";
}
