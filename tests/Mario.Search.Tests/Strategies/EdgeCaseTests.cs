using Mario.Models.Scripted;
using Mario.Search.Strategies;
using Mario.Search.Tree;
using Mario.Testing;

namespace Mario.Search.Tests.Strategies;

public sealed class EdgeCaseTests
{
    [Fact]
    public async Task Mcts_UpdateLeafValue_BacksUpEachNewChildInsteadOfTheLeaf()
    {
        // update_leaf_value: the root's new children A (0.5) and B (-0.2) are scored and each backed up; V(root) is never
        // asked for. Root: N 2, W 0.3. One iteration only.
        var a = Tagged.CodeNode("A", "x=1", "");
        var b = Tagged.CodeNode("B", "x=2", "");
        var policy = new ScriptedLanguageModel().On(Tagged.RootSuffix, Tagged.Code("A", "x=1"), Tagged.Code("B", "x=2"));
        var value = new FixedValueModel().On(Tagged.After(a), 0.5).On(Tagged.After(b), -0.2);
        var strategy = new MctsStrategy(new MctsOptions(Iterations: 1, SamplesPerExpansion: 2, UpdateLeafValue: true));

        var result = await strategy.SolveAsync(Tagged.Problem, Tagged.Context(policy, value), default);

        var root = result.Tree.Nodes[0];
        Assert.Equal((2, 0.3), (root.Visits, Math.Round(root.ValueSum, 9)));
        Assert.Equal(2, value.Scored.Count);
        Assert.DoesNotContain(value.Scored, t => t.EndsWith(Tagged.RootSuffix, StringComparison.Ordinal));
        Assert.Null(result.Answer);
    }

    [Fact]
    public async Task Beam_NonAnswerTerminals_ShrinkTheWidthToZero()
    {
        // B1 = 2, max depth 1: both root samples are code steps at the depth limit (MaxDepth terminals); each
        // selected terminal shrinks the width, so search ends after one request with no answer.
        var policy = new ScriptedLanguageModel().On(Tagged.RootSuffix, Tagged.Code("a", "x=1"), Tagged.Code("b", "x=2"));
        var strategy = new StepBeamSearchStrategy(new StepBeamOptions(BeamWidth: 2, SamplesPerStep: 1, MaxDepth: 1));

        var result = await strategy.SolveAsync(Tagged.Problem, Tagged.Context(policy), default);

        Assert.Null(result.Answer);
        Assert.Single(policy.Requests);
        Assert.All(result.Tree.Nodes.Skip(1), n => Assert.Equal(TerminalReason.MaxDepth, n.Terminal));
    }

    [Fact]
    public async Task BestOfN_NoChainAnswers_NoAnswerAndNoValueCalls()
    {
        var policy = new ScriptedLanguageModel().On(Tagged.RootSuffix, new ScriptedSample("rambling", "</step>", -0.1));
        var value = new FixedValueModel();

        var result = await new BestOfNStrategy(new BestOfNOptions(Samples: 3)).SolveAsync(Tagged.Problem, Tagged.Context(policy, value), default);

        Assert.Null(result.Answer);
        Assert.Empty(result.Candidates);
        Assert.Empty(value.Scored);
        // No answer: the trajectory shows the deepest chain, so a reader sees what the model wrote.
        Assert.Contains("rambling", result.Trajectory);
    }

    [Fact]
    public async Task Mcts_DataModeWithoutGold_IsAnError()
    {
        var strategy = new MctsStrategy(new MctsOptions(UseGoldReward: true));
        var problem = new Problem("p9", "q", null);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(
            async () => await strategy.SolveAsync(problem, Tagged.Context(new ScriptedLanguageModel(), problem: problem), default));

        Assert.Contains("p9", error.Message);
    }

    [Fact]
    public async Task ValueModel_OutOfRange_IsAContractError()
    {
        var policy = new ScriptedLanguageModel().On(Tagged.RootSuffix, Tagged.Answer("x", "1"));
        var value = new FixedValueModel(3.5);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () =>
            await new BestOfNStrategy(new BestOfNOptions(Samples: 1)).SolveAsync(Tagged.Problem, Tagged.Context(policy, value), default));

        Assert.Contains("outside [-1, 1]", error.Message);
    }
}
