using Mario.Search.Strategies;

namespace Mario.Search.Tests.Strategies;

public sealed class StrategyFactoryTests
{
    [Theory]
    [InlineData("greedy", typeof(GreedyStrategy))]
    [InlineData("maj", typeof(MajorityVoteStrategy))]
    [InlineData("bon", typeof(BestOfNStrategy))]
    [InlineData("beam", typeof(StepBeamSearchStrategy))]
    [InlineData("mcts", typeof(MctsStrategy))]
    [InlineData("rstar-mcts", typeof(RStarMctsStrategy))]
    public void Create_KnownName_DefaultsAreValid(string name, Type expected)
    {
        var creation = StrategyFactory.Create(name, new Dictionary<string, string>());

        Assert.Empty(creation.Errors);
        Assert.IsType(expected, creation.Strategy);
        Assert.Equal(name, creation.Strategy!.Name);
        Assert.NotEmpty(StrategyFactory.Describe(name));
    }

    [Fact]
    public void Create_Mcts_ParsesEveryOption()
    {
        var creation = StrategyFactory.Create("mcts", new Dictionary<string, string>
        {
            ["iterations"] = "20", ["samples"] = "3", ["c-puct"] = "1.25", ["gold-reward"] = "true", ["select"] = "votes",
        });

        var options = Assert.IsType<MctsOptions>(creation.Strategy!.Options);
        Assert.Equal(new MctsOptions(Iterations: 20, SamplesPerExpansion: 3, CPuct: 1.25, UseGoldReward: true, Selection: AnswerSelection.Votes), options);
        Assert.False(creation.Strategy.RequiresValueModel);
    }

    [Theory]
    [InlineData("mcts", "c-puct", "-1", "c-puct", "must be in [0, 100]")]
    [InlineData("mcts", "iterations", "ten", "iterations", "expected an integer")]
    [InlineData("beam", "beam-widht", "2", "beam-widht", "is not an option of beam; it accepts beam-width")]
    [InlineData("bon", "aggregation", "max", "aggregation", "expected min, prod, last, mean")]
    [InlineData("maj", "temperature", "0", "temperature", "(0, 2]")]
    [InlineData("rstar-mcts", "update-leaf-value", "maybe", "update-leaf-value", "true or false")]
    [InlineData("nope", "x", "1", "strategy", "unknown strategy 'nope'")]
    public void Create_BadOption_ErrorNamesTheOption(string name, string key, string value, string option, string messagePart)
    {
        var creation = StrategyFactory.Create(name, new Dictionary<string, string> { [key] = value });

        Assert.Null(creation.Strategy);
        var error = Assert.Single(creation.Errors);
        Assert.Equal(option, error.Option);
        Assert.Contains(messagePart, error.Message);
    }

    [Fact]
    public void Describe_Mcts_ListsReferenceDefaults()
    {
        var options = StrategyFactory.Describe("mcts").ToDictionary(o => o.Name, o => o.Default);

        Assert.Equal(("40", "5", "1.5", "8", "3", "q"), (options["iterations"], options["samples"], options["c-puct"], options["max-depth"], options["max-code-errors"], options["select"]));
    }
}
