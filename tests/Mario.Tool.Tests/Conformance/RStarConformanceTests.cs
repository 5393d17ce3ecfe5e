using System.Text.Json.Nodes;
using Mario.Tool.Tests.Sandbox;

namespace Mario.Tool.Tests.Conformance;

/// <summary>
/// Conformance of <c>rstar-mcts</c> with rStar-Math's own search code (microsoft/rStar, branch rStar-math), through
/// <c>eval</c> with the scripted policy and PRM (TestData/Conformance/rstar-*.json; how the expected results were
/// obtained is in TestData/Conformance/README.md). The trees must match: every node by content, N and Q to 6 decimals,
/// and the number of policy requests. The final answer differs on purpose (its own test).
/// </summary>
public sealed class RStarConformanceTests(RStarRuns runs) : IClassFixture<RStarRuns>
{
    private const string CodeErrorMarker = "Too many consecutive steps have code errors.";

    [SandboxCliTheory]
    [InlineData("rstar-3-6")]
    [InlineData("rstar-3-8-depth2")]
    public void RStarMcts_SameScripts_TreeMatchesTheReference(string run)
    {
        var (sample, expected) = (runs.Sample(run, "rstar"), runs.Expected(run, "rstar"));
        Assert.Equal((int)expected["policyRequests"]!, (int)sample["usage"]!["modelCalls"]!);

        // A failing chunk ends its branch on both sides, but the reference wraps its output twice (<end_of_output> doubled)
        // and detects it by the substring "error"; those nodes are compared by parent, N and Q, the rest by content.
        var referenceErrors = expected["nodes"]!.AsArray().Where(n => (string?)n!["finalAnswer"] == CodeErrorMarker).Select(n => (string)n!["tag"]!).ToHashSet();
        var marioErrors = sample["tree"]!["nodes"]!.AsArray().Where(n => (string?)n!["terminal"] == "tooManyCodeErrors").Select(n => (string)n!["id"]!).ToHashSet();
        var reference = ConformanceNode.FromReference(Without(expected, "tag", referenceErrors));
        var mario = ConformanceNode.FromMario(Without(sample["tree"]!.AsObject(), "id", marioErrors, wrap: true));
        Assert.Equal(reference.Keys.Order(StringComparer.Ordinal), mario.Keys.Order(StringComparer.Ordinal));
        foreach (var (key, want) in reference)
        {
            Assert.True((want.Visits, want.Q) == (mario[key].Visits, mario[key].Q), $"{key}: reference {want}, mario {mario[key]}");
        }

        Assert.Equal(referenceErrors.Count, marioErrors.Count);
    }

    [SandboxCliFact]
    public void RStarMcts_Answer_IsAVoteOverTheBestPrmAnswers_NotTheBestQLeaf()
    {
        // Reference (eval_output.py on one tree): the valid answer leaf with the highest Q, here 6 (Q 0.9). The paper's
        // setting votes over K runs' best answers (eval_maj.py); mario's rstar-mcts votes over the `top` (4) answers of
        // this one tree by PRM score: 6 (0.9), 12 (0.7), 12 (0.7), 5 (0.2), so 12.
        var expected = runs.Expected("rstar-3-6", "rstar");
        Assert.Equal("6", (string?)expected["answer"]);

        var sample = runs.Sample("rstar-3-6", "rstar");
        Assert.Equal("12", (string?)sample["answer"]);
        var bestQ = sample["tree"]!["nodes"]!.AsArray().Where(n => n!["answer"] is not null).MaxBy(n => (double)n!["q"]!)!;
        Assert.Equal("6", (string?)bestQ["answer"]);
    }

    [Fact]
    public void Runs_EveryRunCompletes()
    {
        Assert.Empty(runs.Failures);
    }

    /// <summary>A copy of the node list without the nodes whose id is in <paramref name="drop"/>.</summary>
    private static JsonObject Without(JsonObject holder, string idField, HashSet<string> drop, bool wrap = false)
    {
        var nodes = new JsonArray(holder["nodes"]!.AsArray().Where(n => !drop.Contains((string)n![idField]!)).Select(n => n!.DeepClone()).ToArray());
        return wrap ? new JsonObject { ["tree"] = new JsonObject { ["nodes"] = nodes } } : new JsonObject { ["nodes"] = nodes };
    }
}
