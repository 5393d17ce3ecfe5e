using Mario.Models.Scripted;
using Mario.Search.Strategies;
using Mario.Search.Tree;
using Mario.Testing;

namespace Mario.Search.Tests.Strategies;

public sealed class MctsStrategyTests
{
    // Priors: A has mean log-prob -0.1 (P = 0.9048), B has -1 (P = 0.3679). c_puct = 1.5, n = 2, 3 iterations.
    // Iteration 1: leaf = root, V(root) = 0; expand -> A, B; backup(root, 0)                      root N1 W0
    // Iteration 2: PUCT(A) = 1.5*0.9048*1/1 = 1.357 > PUCT(B) = 0.552 -> leaf A, V(A) = 0.5;
    //              expand A -> A0 answer "12" (V 0.9), A1 answer "13" (V -0.6), both terminal (test mode: V of the answer)
    //              backup(A, 0.5), backup(A0, 0.9), backup(A1, -0.6)                                A N3 W0.8, root N4 W0.8
    // Iteration 3: PUCT(A) = 0.8/3 + 1.5*0.9048*2/4 = 0.945 < PUCT(B) = 0 + 1.5*0.3679*2/1 = 1.104 -> leaf B, V(B) = -0.2;
    //              expand B -> B0 answer "13" (V 0.4), B1 unparsable (reward -1)
    //              backup(B, -0.2), backup(B0, 0.4), backup(B1, -1)                                 B N3 W-0.8, root N7 W0
    // Final by Q: root -> A (Q 0.267) over B (Q -0.267) -> A0 (Q 0.9) over A1 (Q -0.6): "12".
    // By votes: "13" (A1, B0) beats "12" (A0).
    private static (ScriptedLanguageModel, FixedValueModel) Script()
    {
        var a = Tagged.CodeNode("A", "x=1", "");
        var b = Tagged.CodeNode("B", "x=2", "");
        var policy = new ScriptedLanguageModel()
            .On(Tagged.RootSuffix, Tagged.Code("A", "x=1", -0.1), Tagged.Code("B", "x=2", -1))
            .On(Tagged.After(a), Tagged.Answer("A0", "12"), Tagged.Answer("A1", "13"))
            .On(Tagged.After(b), Tagged.Answer("B0", "13"), new ScriptedSample("no step here", "</step>", -0.1));
        var value = new FixedValueModel()
            .On(Tagged.RootSuffix, 0)
            .On(Tagged.After(a), 0.5)
            .On(Tagged.After(b), -0.2)
            .On(Tagged.After(Tagged.AnswerNode("A0", "12")), 0.9)
            .On(Tagged.After(Tagged.AnswerNode("A1", "13")), -0.6)
            .On(Tagged.After(Tagged.AnswerNode("B0", "13")), 0.4);
        return (policy, value);
    }

    private static readonly MctsOptions Options = new(Iterations: 3, SamplesPerExpansion: 2, CPuct: 1.5);

    [Theory]
    [InlineData(AnswerSelection.QValue, "12")]
    [InlineData(AnswerSelection.Value, "12")]
    [InlineData(AnswerSelection.Visits, "12")]
    [InlineData(AnswerSelection.Votes, "13")]
    public async Task Solve_ThreeIterations_MatchesHandComputedPuctAndBackups(AnswerSelection selection, string expected)
    {
        var (policy, value) = Script();

        var result = await new MctsStrategy(Options with { Selection = selection })
            .SolveAsync(Tagged.Problem, Tagged.Context(policy, value), default);

        Assert.Equal(expected, result.Answer);
        var nodes = result.Tree.Nodes.ToDictionary(n => n.Id);
        Assert.Equal((7, 0.0), (nodes["0"].Visits, Math.Round(nodes["0"].ValueSum, 9)));
        Assert.Equal((3, 0.8), (nodes["0.0"].Visits, Math.Round(nodes["0.0"].ValueSum, 9)));
        Assert.Equal((3, -0.8), (nodes["0.1"].Visits, Math.Round(nodes["0.1"].ValueSum, 9)));
        Assert.Equal(TerminalReason.Unparsable, nodes["0.1.1"].Terminal);
        Assert.Equal(["0", "0.0", "0.1"], policy.Requests.Select(r => r.Prompt).Select(p => p.EndsWith(Tagged.RootSuffix) ? "0" : p.Contains("<p>\nA\n") ? "0.0" : "0.1"));
    }

    [Fact]
    public async Task Solve_ThreeIterations_TreeDumpSnapshot()
    {
        var (policy, value) = Script();

        var result = await new MctsStrategy(Options).SolveAsync(Tagged.Problem, Tagged.Context(policy, value), default);

        Snapshot.Match(result.Tree.ToJson(indented: true));
    }

    [Fact]
    public async Task Solve_GoldReward_AnswersGetPlusMinusOneWithoutValueModel()
    {
        // Data mode, no value model: leaf values are 0, answers are rewarded +1 / -1 against the gold "42".
        // Iteration 1: root -> R0 answer "42" (+1), R1 code. Iteration 2: R0 is terminal, so R1 is the leaf ->
        // R1.0 answer "41" (-1) and R1.1 unparsable (-1). R1: N3 W-2; root: N5 W-1 (0 + 1 + 0 - 1 - 1).
        var r1 = Tagged.CodeNode("R1", "x=1", "");
        var policy = new ScriptedLanguageModel()
            .On(Tagged.RootSuffix, Tagged.Answer("R0", "42"), Tagged.Code("R1", "x=1"))
            .On(Tagged.After(r1), Tagged.Answer("R10", "41"), new ScriptedSample("", "</step>", -0.1));
        var strategy = new MctsStrategy(new MctsOptions(Iterations: 5, SamplesPerExpansion: 2, UseGoldReward: true));

        var result = await strategy.SolveAsync(Tagged.Problem, Tagged.Context(policy), default);

        Assert.False(strategy.RequiresValueModel);
        Assert.Equal("42", result.Answer);
        var nodes = result.Tree.Nodes.ToDictionary(n => n.Id);
        Assert.Equal((true, 1.0), (nodes["0.0"].Correct!.Value, nodes["0.0"].Q));
        Assert.Equal((false, -1.0), (nodes["0.1.0"].Correct!.Value, nodes["0.1.0"].Q));
        Assert.Equal((3, -2.0), (nodes["0.1"].Visits, nodes["0.1"].ValueSum));
        Assert.Equal((5, -1.0), (nodes["0"].Visits, nodes["0"].ValueSum));

        // Iteration 3 finds every branch closed: the root is exhausted and search stops early (2 model calls, not 5).
        Assert.True(nodes["0"].Exhausted);
        Assert.Equal(2, result.Usage.ModelCalls);
    }

    [Fact]
    public async Task Solve_RepeatedCodeErrors_EndBranchWithTooManyCodeErrors()
    {
        // errors_threshold 1: the first failing step has 1 consecutive error (allowed), the second has 2 > 1 -> terminal.
        var policy = new ScriptedLanguageModel().On("", Tagged.Code("Try.", "1/0"));
        var sandbox = new FakeSandbox().Raises("1/0", "ZeroDivisionError", "division by zero");
        var strategy = new MctsStrategy(new MctsOptions(Iterations: 3, SamplesPerExpansion: 1, MaxConsecutiveCodeErrors: 1, UseGoldReward: true));

        var result = await strategy.SolveAsync(Tagged.Problem, Tagged.Context(policy, sandbox: sandbox), default);

        Assert.Null(result.Answer);
        var last = result.Tree.Nodes[^1];
        Assert.Equal(("0.0.0", TerminalReason.TooManyCodeErrors, 2, -1.0), (last.Id, last.Terminal, last.ConsecutiveErrors, last.Q));

        // Failed cells are not replayed as history.
        Assert.Equal([["1/0"], ["1/0"]], sandbox.Runs);
    }

    [Fact]
    public void Puct_IsQPlusScaledPriorExploration()
    {
        var root = SearchNode.CreateRoot();
        root.Backup(0);
        root.Backup(0);
        root.Backup(0);
        root.Backup(0);
        var dump = new TreeDump(1, "p", "q", null, "mcts", Mario.Search.Steps.StepFormatKind.Tagged,
        [
            NodeRecord.Of(root),
            new NodeRecord("0.0", StepKind.Thought, "t", null, false, null, false, 0, null, null, null, null, false, 0.5, 1, 3, 0.6, 0.2, null),
        ]);
        var rebuilt = dump.Rebuild();

        // 0.2 + 1.25 * 0.5 * sqrt(4) / (1 + 3) = 0.5125
        Assert.Equal(0.5125, MctsStrategy.Puct(rebuilt, rebuilt.Children[0], 1.25), 12);
    }
}
