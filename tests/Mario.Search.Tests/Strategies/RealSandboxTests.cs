using Mario.Models.Scripted;
using Mario.Sandbox;
using Mario.Search.Steps;
using Mario.Search.Strategies;
using Mario.Search.Tree;
using Mario.Testing;

namespace Mario.Search.Tests.Strategies;

/// <summary>Strategies with the real fork-server sandbox instead of <see cref="FakeSandbox"/>: replay, errors, output.</summary>
public sealed class RealSandboxTests : IAsyncLifetime
{
    private ForkServerSandbox? _sandbox;

    public async Task InitializeAsync() =>
        _sandbox = await ForkServerSandbox.StartAsync(new SandboxOptions { PoolSize = 1, WarmUp = false }, default);

    public async Task DisposeAsync()
    {
        if (_sandbox is not null)
        {
            await _sandbox.DisposeAsync();
        }
    }

    [Fact]
    public async Task Greedy_CodeStepsReplayInTheSandbox_OutputFeedsTheNextPrompt()
    {
        // Step 2 uses step 1's variable, so the sandbox must replay the earlier cell; its printed 42 is the observation.
        var policy = new ScriptedLanguageModel()
            .On(Tagged.RootSuffix, Tagged.Code("Set x.", "x = 6"))
            .On(Tagged.After(Tagged.CodeNode("Set x.", "x = 6", "")), Tagged.Code("Use x.", "print(x * 7)"))
            .On(Tagged.After(Tagged.CodeNode("Use x.", "print(x * 7)", "42")), Tagged.Answer("So.", "42"));
        var context = SearchContext.ForProblem(Tagged.Problem, 7, policy, new TaggedStepFormat(), new StringEquivalenceChecker(), sandbox: _sandbox);

        var result = await new GreedyStrategy(new GreedyOptions(MaxDepth: 4)).SolveAsync(Tagged.Problem, context, default);

        Assert.Equal("42", result.Answer);
        Assert.Equal(2, result.Usage.SandboxRuns);
        Assert.Contains("<output>\n42\n</output>", result.Trajectory);
    }

    [Fact]
    public async Task Mcts_CodeThatRaises_CountsAsACodeErrorAndEndsTheBranchAtTheThreshold()
    {
        // max-code-errors 0: the first failing cell ends its branch with TooManyCodeErrors (SEARCH_REFERENCE errors_threshold).
        var policy = new ScriptedLanguageModel().On(Tagged.RootSuffix, Tagged.Code("Divide.", "print(1 / 0)"));
        var context = SearchContext.ForProblem(Tagged.Problem, 7, policy, new TaggedStepFormat(), new StringEquivalenceChecker(), sandbox: _sandbox);
        var options = new MctsOptions(Iterations: 1, SamplesPerExpansion: 1, MaxConsecutiveCodeErrors: 0, UseGoldReward: true);

        var result = await new MctsStrategy(options).SolveAsync(Tagged.Problem, context, default);

        var child = Assert.Single(result.Tree.Nodes, n => n.Id == "0.0");
        Assert.Equal(TerminalReason.TooManyCodeErrors, child.Terminal);
        Assert.Contains("ZeroDivisionError", child.Text);
        Assert.Null(result.Answer);
    }
}
