using System.Text.Json;
using Mario.Models.Scripted;
using Mario.Search.Strategies;
using Mario.Search.Tree;
using Mario.Testing;
using Mario.Search.Tests.Tree;

namespace Mario.Search.Tests.Strategies;

public sealed class DeterminismTests
{
    [Fact]
    public async Task Solve_SameSeed_ByteIdenticalTreeAndRequests()
    {
        var (policy1, policy2, policy3) = (new ScriptedLanguageModel(), new ScriptedLanguageModel(), new ScriptedLanguageModel());
        var first = await TreeDumpTests.SearchOnce(11, AnswerSelection.QValue, policy1);
        var second = await TreeDumpTests.SearchOnce(11, AnswerSelection.QValue, policy2);
        await TreeDumpTests.SearchOnce(12, AnswerSelection.QValue, policy3);

        Assert.Equal(Json(first), Json(second));
        Assert.Equal(policy1.Requests.Select(r => r.Sampling.Seed), policy2.Requests.Select(r => r.Sampling.Seed));
        Assert.NotEqual(policy1.Requests.Select(r => r.Sampling.Seed), policy3.Requests.Select(r => r.Sampling.Seed));
    }

    private static string Json(SearchResult result) => JsonSerializer.Serialize(result, TreeDump.SerializerOptions);

    [Fact]
    public void ForProblem_SeedDependsOnRunSeedAndProblemIdOnly()
    {
        var policy = new ScriptedLanguageModel();
        SearchContext Make(ulong seed, string id) => SearchContext.ForProblem(
            new Problem(id, "q", null), seed, policy, new Mario.Search.Steps.PlainCotStepFormat(), new Mario.Testing.StringEquivalenceChecker());

        Assert.Equal(Make(1, "a").Random.NextInt64(), Make(1, "a").Random.NextInt64());
        Assert.NotEqual(Make(1, "a").Random.NextInt64(), Make(2, "a").Random.NextInt64());
        Assert.NotEqual(Make(1, "a").Random.NextInt64(), Make(1, "b").Random.NextInt64());

        // FNV-1a is fixed across processes and platforms (string.GetHashCode is not).
        Assert.Equal(0xaf63dc4c8601ec8cUL, StableHash.Of("a"));
    }
}
