using Mario.Models.Scripted;
using Mario.Search.Strategies;
using Mario.Testing;

namespace Mario.Search.Tests.Strategies;

public sealed class MajorityVoteStrategyTests
{
    [Theory]
    [InlineData(new[] { "3", "2", "3", "2", "2" }, "2", 3)]
    [InlineData(new[] { "3", "2", "3", "2" }, "3", 2)] // a tie goes to the answer that appeared first
    [InlineData(new[] { "5" }, "5", 1)]
    public async Task Solve_VotesOverFinalAnswers(string[] answers, string expected, int votes)
    {
        var policy = new ScriptedLanguageModel()
            .On(Tagged.RootSuffix, answers.Select((a, i) => Tagged.Answer($"Chain {i}.", a)).ToArray());
        var strategy = new MajorityVoteStrategy(new MajorityVoteOptions(Samples: answers.Length));

        var result = await strategy.SolveAsync(Tagged.Problem, Tagged.Context(policy), default);

        Assert.Equal(expected, result.Answer);
        Assert.Equal(votes, result.Candidates[0].Votes);
        Assert.Equal(answers.Length, result.Candidates.Sum(c => c.Votes));
        var request = Assert.Single(policy.Requests);
        Assert.Equal((answers.Length, 0.6f), (request.Count, request.Sampling.Temperature));
    }

    [Fact]
    public async Task Solve_MultiStepChains_BatchesLiveChainsAndIgnoresUnanswered()
    {
        // Chain 0 answers at once ("1"); chains 1 and 2 take a code step then answer "2"; chain 3 is unparsable.
        var policy = new ScriptedLanguageModel()
            .On(Tagged.RootSuffix,
                Tagged.Answer("Guess.", "1"),
                Tagged.Code("Compute.", "print(2)"),
                Tagged.Code("Compute.", "print(2)"),
                new ScriptedSample("garbage", null, -0.1))
            .On(Tagged.After(Tagged.CodeNode("Compute.", "print(2)", "2")), Tagged.Answer("So.", "2"));
        var sandbox = new FakeSandbox().Prints("print(2)", "2");

        var result = await new MajorityVoteStrategy(new MajorityVoteOptions(Samples: 4))
            .SolveAsync(Tagged.Problem, Tagged.Context(policy, sandbox: sandbox), default);

        Assert.Equal("2", result.Answer);
        Assert.Equal([("2", 2), ("1", 1)], result.Candidates.Select(c => (c.Answer, c.Votes)));
        Assert.Equal(2, policy.Calls);
        Assert.Equal([4, 1, 1], policy.Requests.Select(r => r.Count));
        Assert.Equal((2, 3, 6), (result.Usage.Steps, result.Usage.Solutions, result.Usage.Nodes));
    }
}
