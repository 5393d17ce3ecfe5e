using Mario.Tool.Suites;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Suites;

/// <summary>A manifest may name a level and a subject field; the reader carries them into each problem.</summary>
public sealed class SuiteFacetTests
{
    private static SuiteManifest Manifest(SuiteFields fields) => new()
    {
        Id = "facets",
        Version = 1,
        Title = "facets",
        License = "MIT",
        Rows = 1,
        Data = new SuiteDataFile("facets.jsonl", new string('0', 64), 1),
        Mapping = "test",
        Fields = fields,
    };

    [Theory]
    [InlineData("\"level\": 3, \"subject\": \"Algebra\"", "3", "Algebra")]
    [InlineData("\"level\": \"Level 5\", \"subject\": \"Geometry\"", "Level 5", "Geometry")]
    [InlineData("\"level\": null", null, null)]
    [InlineData("\"other\": 1", null, null)]
    public async Task Read_LevelAndSubject_AsTheSuiteSpellsThem(string extra, string? level, string? subject)
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("facets.jsonl");
        await File.WriteAllTextAsync(path, $"{{\"id\": \"p1\", \"question\": \"q\", \"answer\": \"1\", {extra}}}\n");

        var read = await SuiteReader.ReadAsync(path, "facets.jsonl", Manifest(new SuiteFields(Level: "level", Subject: "subject")), 5, CancellationToken.None);

        Assert.Empty(read.Errors);
        var problem = Assert.Single(read.Problems);
        Assert.Equal((level, subject), (problem.Level, problem.Subject));
    }

    [Fact]
    public async Task Read_WithoutFacetFields_IgnoresThoseColumns()
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("facets.jsonl");
        await File.WriteAllTextAsync(path, "{\"id\": \"p1\", \"question\": \"q\", \"answer\": \"1\", \"level\": 3, \"subject\": \"Algebra\"}\n");

        var read = await SuiteReader.ReadAsync(path, "facets.jsonl", Manifest(new SuiteFields()), 5, CancellationToken.None);

        Assert.Equal((null, null), (read.Problems[0].Level, read.Problems[0].Subject));
    }

    [Theory]
    [InlineData("\"level\": [3]", "facets.jsonl:1: level: expected a string or an integer, found an array")]
    [InlineData("\"level\": 2.5", "facets.jsonl:1: level: expected a string or an integer, found a number")]
    [InlineData("\"type\": 7", "facets.jsonl:1: type: expected a string, found a number")]
    public async Task Read_FacetOfAnotherType_IsAnErrorNamingLineAndField(string extra, string expected)
    {
        using var temp = new TempDirectory();
        var path = temp.Combine("facets.jsonl");
        await File.WriteAllTextAsync(path, $"{{\"id\": \"p1\", \"question\": \"q\", \"answer\": \"1\", {extra}}}\n");

        var read = await SuiteReader.ReadAsync(path, "facets.jsonl", Manifest(new SuiteFields(Level: "level", Subject: "type")), 5, CancellationToken.None);

        Assert.Equal(expected, Assert.Single(read.Errors));
    }
}
