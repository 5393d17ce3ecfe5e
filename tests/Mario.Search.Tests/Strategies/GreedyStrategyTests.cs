using Mario.Models.Scripted;
using Mario.Models;
using Mario.Search.Strategies;
using Mario.Search.Tree;
using Mario.Testing;

namespace Mario.Search.Tests.Strategies;

public sealed class GreedyStrategyTests
{
    private static readonly GreedyStrategy Greedy = new(new GreedyOptions(MaxDepth: 3));

    [Fact]
    public async Task Solve_CodeThenAnswer_FollowsTheChainAtTemperatureZero()
    {
        // Reference react_batch: one sample per step at T=0; the code step's output is appended; the answer ends the chain.
        var policy = new ScriptedLanguageModel()
            .On(Tagged.RootSuffix, Tagged.Code("Multiply.", "print(6*7)"))
            .On(Tagged.After(Tagged.CodeNode("Multiply.", "print(6*7)", "42")), Tagged.Answer("So.", "42"));
        var sandbox = new FakeSandbox().Prints("print(6*7)", "42\n");

        var result = await Greedy.SolveAsync(Tagged.Problem, Tagged.Context(policy, sandbox: sandbox), default);

        Assert.Equal("42", result.Answer);
        Assert.Equal("0.0.0", result.ChosenNodeId);
        Assert.Equal(Tagged.CodeNode("Multiply.", "print(6*7)", "42") + "\n" + Tagged.AnswerNode("So.", "42"), result.Trajectory);
        Assert.All(policy.Requests, r => Assert.Equal((0f, 1), (r.Sampling.Temperature, r.Count)));
        Assert.Equal([["print(6*7)"]], sandbox.Runs);
        Assert.Equal((2, 1, 2, 0), (result.Usage.ModelCalls, result.Usage.SandboxRuns, result.Usage.Steps, result.Usage.ValueCalls));
        Snapshot.Match(result.Tree.ToJson(indented: true));
    }

    [Fact]
    public async Task Solve_SecondCodeStep_ReplaysEarlierCells()
    {
        var policy = new ScriptedLanguageModel()
            .On(Tagged.RootSuffix, Tagged.Code("Set x.", "x = 6"))
            .On(Tagged.After(Tagged.CodeNode("Set x.", "x = 6", "")), Tagged.Code("Use x.", "print(x*7)"))
            .On(Tagged.After(Tagged.CodeNode("Use x.", "print(x*7)", "42")), Tagged.Answer("So.", "42"));
        var sandbox = new FakeSandbox().Prints("print(x*7)", "42");

        var result = await Greedy.SolveAsync(Tagged.Problem, Tagged.Context(policy, sandbox: sandbox), default);

        Assert.Equal("42", result.Answer);
        Assert.Equal([["x = 6"], ["x = 6", "print(x*7)"]], sandbox.Runs);
    }

    public static TheoryData<string, ScriptedSample, TerminalReason> HostileSteps => new()
    {
        { "unclosed fence", new ScriptedSample("<step>\n<p>\nHm.\n</p>\n<code>\n```python\nprint(1)", "\n</code>", -0.1), TerminalReason.Unparsable },
        { "no code no answer", new ScriptedSample("<step>\n<p>\nI wonder.\n</p>\n", "</step>", -0.1), TerminalReason.Unparsable },
        { "huge step", new ScriptedSample(new string('x', 5000), null, -0.1, Finish: FinishReason.Length), TerminalReason.TokenBudget },
        { "context overflow", new ScriptedSample("", null, -0.1, Finish: FinishReason.ContextOverflow), TerminalReason.ContextOverflow },
    };

    [Theory]
    [MemberData(nameof(HostileSteps))]
    public async Task Solve_HostileFirstStep_EndsChainWithReason(string name, ScriptedSample step, TerminalReason expected)
    {
        var policy = new ScriptedLanguageModel().On(Tagged.RootSuffix, step);

        var result = await Greedy.SolveAsync(Tagged.Problem, Tagged.Context(policy), default);

        Assert.Null(result.Answer);
        var node = result.Tree.Nodes[1];
        Assert.True(expected == node.Terminal, name);
        Assert.Equal(StepKind.Invalid, node.Kind);
        Assert.NotNull(node.Error);
        Assert.Single(policy.Requests);
    }

    [Fact]
    public async Task Solve_NeverAnswers_StopsAtMaxDepth()
    {
        // The model loops on the same thought-plus-code step; greedy never ends a chain on code errors, only on depth.
        var policy = new ScriptedLanguageModel().On("", Tagged.Code("Again.", "print(undefined)"));
        var sandbox = new FakeSandbox().Raises("print(undefined)", "NameError", "name 'undefined' is not defined");

        var result = await Greedy.SolveAsync(Tagged.Problem, Tagged.Context(policy, sandbox: sandbox), default);

        Assert.Null(result.Answer);
        Assert.Equal(4, result.Tree.Nodes.Count);
        var last = result.Tree.Nodes[^1];
        Assert.Equal(("0.0.0.0", TerminalReason.MaxDepth, 3), (last.Id, last.Terminal, last.ConsecutiveErrors));
        Assert.Contains("<output>\nNameError: name 'undefined' is not defined\n</output>", last.Text);
    }
}
