using Mario.Models.Scripted;
using Mario.Search.Steps;
using Mario.Search.Strategies;
using Mario.Search.Tree;
using Mario.Testing;

namespace Mario.Search.Tests.Strategies;

public sealed class RStarMctsStrategyTests
{
    private const string Root = "with code.";
    private const string S0 = "\n<code>\n# Step 1: set x\nx = 5\n<end_of_step>";
    private const string S1 = "\n<code>\n# Step 1: set x\nx = 6\n<end_of_step>";
    private const string S10 = "\n# Now print the final answer\nprint(x)\n<end_of_code>\n<output>6<end_of_output>";

    private static ScriptedSample Chunk(string text) => new(text, RStarStepFormat.EndOfStep, -0.1);

    // Rollout 1: root expanded with n = 3: s0 (PRM 0.2), s1 (0.6), s1 again (removed as a duplicate).
    //            New open children get Q := PRM with N = 1. Root N = 0, so UCT is Q alone -> s1.
    //            s1 expanded: s1.0 closes the block and prints 6 (PRM 0.7); s1.1 divides by zero -> with
    //            errors_threshold 1 the branch ends (TooManyCodeErrors) and gets -1 on itself only.
    //            s1 has N = 1 (ln 1 = 0) -> Q decides -> s1.0. s1.0 expanded: two answer samples, only the first is
    //            kept (an answer never branches): "6" with PRM 0.9, backed up to the root. s1.0 has no open child: exhausted.
    // Rollout 2: root (N 1): s0 Q 0.2 vs s1 Q (0.6 + 0.9) / 2 = 0.75 -> s1; all of s1's children are closed: exhausted.
    // Rollout 3: only s0 is open -> expand: answer "5" with PRM 0.3, backed up to the root.
    // Final: answers by PRM: "6" (0.9), "5" (0.3); top 4 vote 1-1, the tie goes to the higher PRM: "6".
    private static (ScriptedLanguageModel, FixedValueModel, FakeSandbox) Script()
    {
        var policy = new ScriptedLanguageModel()
            .On(Root, Chunk("\n<code>\n# Step 1: set x\nx = 5\n"), Chunk("\n<code>\n# Step 1: set x\nx = 6\n"), Chunk("\n<code>\n# Step 1: set x\nx = 6\n"))
            .On(S1, new ScriptedSample("\n# Now print the final answer\nprint(x)\n", RStarStepFormat.EndOfCode, -0.1), new ScriptedSample("\ny = 1/0\n", RStarStepFormat.EndOfCode, -0.1))
            .On(S10, new ScriptedSample("\n<answer>\nThe answer is \\boxed{6}\n", RStarStepFormat.EndOfAnswer, -0.1), new ScriptedSample("\n<answer>\n\\boxed{7}\n", RStarStepFormat.EndOfAnswer, -0.1))
            .On(S0, new ScriptedSample("\n<answer>\n\\boxed{5}\n", RStarStepFormat.EndOfAnswer, -0.1));
        var value = new FixedValueModel()
            .On(S0, 0.2).On(S1, 0.6).On(S10, 0.7)
            .On("\\boxed{6}\n<end_of_answer>", 0.9).On("\\boxed{5}\n<end_of_answer>", 0.3);
        var sandbox = new FakeSandbox()
            .Prints("# Step 1: set x\nx = 6\n# Now print the final answer\nprint(x)", "6\n")
            .Raises("# Step 1: set x\nx = 6\ny = 1/0", "ZeroDivisionError", "division by zero");
        return (policy, value, sandbox);
    }

    [Fact]
    public async Task Solve_ThreeRollouts_MatchesHandComputedUctAndAnnotations()
    {
        var (policy, value, sandbox) = Script();
        var strategy = new RStarMctsStrategy(new RStarMctsOptions(Rollouts: 3, SamplesPerExpansion: 3));

        var result = await strategy.SolveAsync(Tagged.Problem, Tagged.Context(policy, value, sandbox, format: new RStarStepFormat()), default);

        Assert.Equal("6", result.Answer);
        var nodes = result.Tree.Nodes.ToDictionary(n => n.Id);
        Assert.Equal(["0", "0.0", "0.0.0", "0.1", "0.1.0", "0.1.0.0", "0.1.1"], result.Tree.Nodes.Select(n => n.Id));
        Assert.Equal(S10, nodes["0.1.0"].Text);
        Assert.Equal((TerminalReason.TooManyCodeErrors, 1, -1.0), (nodes["0.1.1"].Terminal, nodes["0.1.1"].Visits, nodes["0.1.1"].Q));
        Assert.Equal((2, 1.5), (nodes["0.1"].Visits, Math.Round(nodes["0.1"].ValueSum, 9)));
        Assert.Equal((2, 1.2), (nodes["0"].Visits, Math.Round(nodes["0"].ValueSum, 9)));

        // Every chunk is executed (errors prune it); chunks of one code block run cumulatively as one cell.
        Assert.Equal([["# Step 1: set x\nx = 5"], ["# Step 1: set x\nx = 6"], ["# Step 1: set x\nx = 6\n# Now print the final answer\nprint(x)"], ["# Step 1: set x\nx = 6\ny = 1/0"]], sandbox.Runs);
        Assert.Equal([("6", 1), ("5", 1)], result.Candidates.Select(c => (c.Answer, c.Votes)));
        Assert.Equal((true, true, false), (nodes["0.0"].Exhausted, nodes["0.1"].Exhausted, nodes["0"].Exhausted));
        Snapshot.Match(result.Tree.ToJson(indented: true));
    }

    [Theory]
    [InlineData(1, 0, 0.0)]   // unvisited child: Q = 0 and no exploration bonus (maintainers: deliberate)
    [InlineData(0, 1, 0.5)]   // unvisited parent: Q alone
    [InlineData(4, 2, 0.5 + 2 * 0.832555)] // 0.5 + 2 * sqrt(ln 4 / 2)
    public void Uct_ZeroBonusWhenUnvisited(int parentVisits, int childVisits, double expected)
    {
        var dump = new TreeDump(1, "p", "q", null, "rstar-mcts", StepFormatKind.RStar,
        [
            new NodeRecord("0", StepKind.Root, "", null, false, null, false, 0, null, null, null, null, false, 1, 0, parentVisits, 0, 0, null),
            new NodeRecord("0.0", StepKind.Code, "c", "x=1", false, null, false, 0, null, null, null, null, false, 1, 1, childVisits,
                childVisits == 0 ? 0 : 0.5 * childVisits, 0, null),
        ]);
        var root = dump.Rebuild();

        Assert.Equal(expected, RStarMctsStrategy.Uct(root, root.Children[0], 2.0), 5);
    }
}
