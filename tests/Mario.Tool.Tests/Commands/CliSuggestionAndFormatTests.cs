using System.Text.Json;
using Mario.Tool.Cli;
using Mario.Tool.Commands;
using Mario.Tool.Suites;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Commands;

/// <summary>Unknown commands name the word and the nearest command; check's exit codes; --format json documents.</summary>
public sealed class CliSuggestionAndFormatTests
{
    [Theory]
    [InlineData(new[] { "evl" }, "error: unknown command 'evl'; did you mean 'eval'?")]
    [InlineData(new[] { "chek", "1", "1" }, "error: unknown command 'chek'; did you mean 'check'?")]
    [InlineData(new[] { "suites", "lst" }, "error: unknown command 'suites lst'; did you mean 'suites list'?")]
    [InlineData(new[] { "sandbox", "doctr" }, "error: unknown command 'sandbox doctr'; did you mean 'sandbox doctor'?")]
    [InlineData(new[] { "frobnicate" }, "error: unknown command 'frobnicate' (commands: check, compare, eval, export, gate, grade, merge, report, sandbox, serve, suites, tokenize)")]
    public async Task UnknownCommand_NamesTheWord_AndSuggestsTheNearest_Exit2(string[] args, string expected)
    {
        var run = await CliRun.InvokeAsync(args);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(expected, Assert.Single(run.ErrorLines));
    }

    [Theory]
    [InlineData("evl", "eval")]
    [InlineData("gard", "grade")]
    [InlineData("sutes", "suites")]
    [InlineData("tok", "tokenize")]
    [InlineData("xyz", null)]
    public void Nearest_PicksTheClosestCommand_OrNoneWhenFar(string word, string? expected) =>
        Assert.Equal(expected, CommandSuggester.Nearest(word, ["bench", "check", "eval", "export", "grade", "sandbox", "suites", "tokenize"]));

    [Theory]
    [InlineData("\\frac{1}{2}", "0.5", 0, true)]
    [InlineData("(1,2)", "(2,1)", 1, false)]
    [InlineData("18", "The answer is 17.", 1, false)]
    public async Task Check_ExitsZeroWhenEquivalent_OneWhenNot_AndJsonSaysWhy(string gold, string pred, int exit, bool equivalent)
    {
        var table = await CliRun.InvokeAsync("check", gold, pred);
        var json = await CliRun.InvokeAsync("check", gold, pred, "--format", "json");

        Assert.Equal(exit, table.ExitCode);
        Assert.Contains(equivalent ? "| equivalent" : "| not-equivalent", table.Output.Replace("│", "|", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.DoesNotContain("\u001b[", table.Output, StringComparison.Ordinal);
        Assert.Equal(exit, json.ExitCode);
        var root = JsonDocument.Parse(json.Output).RootElement;
        Assert.Equal(1, root.GetProperty("schema_version").GetInt32());
        Assert.Equal(equivalent, root.GetProperty("equivalent").GetBoolean());
        Assert.Equal(equivalent ? "equivalent" : "not-equivalent", root.GetProperty("outcome").GetString());
        Assert.False(string.IsNullOrEmpty(root.GetProperty("method").GetString()));
        Assert.False(string.IsNullOrEmpty(root.GetProperty("reason").GetString()));
        Assert.Equal(
            ["schema_version", "equivalent", "outcome", "method", "reason", "gold_answer", "gold_rule", "pred_answer", "pred_rule"],
            root.EnumerateObject().Select(p => p.Name));
    }

    [Fact]
    public async Task Check_MissingPred_IsAUsageError_NotANotEquivalentVerdict()
    {
        var run = await CliRun.InvokeAsync("check", "1");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith("error: expected two answers", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SuitesList_Json_ListsEverySuiteWithPresence()
    {
        using var data = new TempDirectory();
        var catalog = SuiteCatalog.LoadEmbedded();
        var aime = catalog.Find("aime24")!;
        await File.WriteAllTextAsync(data.Combine(aime.Data.File), "{}\n");

        var run = await CliRun.InvokeAsync("suites", "list", "--format", "json", "--data-dir", data.Path);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(1, root.GetProperty("schema_version").GetInt32());
        var suites = root.GetProperty("suites").EnumerateArray().ToList();
        Assert.Equal(catalog.All.Select(m => m.Id), suites.Select(s => s.GetProperty("id").GetString()));
        Assert.Equal(catalog.All.Count, root.GetProperty("total").GetInt32());
        Assert.Equal(suites.Count(s => s.GetProperty("present").GetBoolean()), root.GetProperty("present").GetInt32());
        var entry = suites.Single(s => s.GetProperty("id").GetString() == "aime24");
        Assert.True(entry.GetProperty("present").GetBoolean());
        Assert.Equal(data.Combine(aime.Data.File), entry.GetProperty("path").GetString());
        Assert.Equal(aime.Rows, entry.GetProperty("rows").GetInt32());
    }
}
