using Mario.Search.Strategies;

namespace Mario.Search.Tests.Strategies;

public sealed class StrategyFactoryTests
{
    [Theory]
    [InlineData("greedy", StrategyKind.Greedy, typeof(GreedyStrategy), typeof(GreedyOptions))]
    [InlineData("maj", StrategyKind.Majority, typeof(MajorityVoteStrategy), typeof(MajorityVoteOptions))]
    [InlineData("bon", StrategyKind.BestOfN, typeof(BestOfNStrategy), typeof(BestOfNOptions))]
    [InlineData("beam", StrategyKind.Beam, typeof(StepBeamSearchStrategy), typeof(StepBeamOptions))]
    [InlineData("mcts", StrategyKind.Mcts, typeof(MctsStrategy), typeof(MctsOptions))]
    [InlineData("rstar-mcts", StrategyKind.RStarMcts, typeof(RStarMctsStrategy), typeof(RStarMctsOptions))]
    public void Create_EveryKind_DefaultsAreValid(string name, StrategyKind kind, Type expected, Type options)
    {
        var creation = StrategyFactory.Create(kind, new Dictionary<string, string>());

        Assert.Empty(creation.Errors);
        Assert.IsType(expected, creation.Strategy);
        Assert.IsType(options, creation.Strategy!.Options);
        Assert.Equal(kind, creation.Strategy.Options.Kind);
        Assert.Equal(name, creation.Strategy.Name);
        Assert.NotEmpty(StrategyFactory.Describe(kind));
    }

    [Theory]
    [InlineData("greedy", StrategyKind.Greedy)]
    [InlineData("maj", StrategyKind.Majority)]
    [InlineData("majority", StrategyKind.Majority)]
    [InlineData("bon", StrategyKind.BestOfN)]
    [InlineData("best-of-n", StrategyKind.BestOfN)]
    [InlineData("beam", StrategyKind.Beam)]
    [InlineData("mcts", StrategyKind.Mcts)]
    [InlineData("rstar-mcts", StrategyKind.RStarMcts)]
    [InlineData("nope", null)]
    [InlineData("MCTS", null)]
    [InlineData("rstar", null)]
    public void StrategyNames_Parse_NamesAndAliases(string name, StrategyKind? expected)
    {
        Assert.Equal(expected, StrategyNames.Parse(name));
    }

    [Fact]
    public void StrategyNames_Name_IsCanonicalAndRoundTrips()
    {
        Assert.Equal("greedy,maj,bon,beam,mcts,rstar-mcts", string.Join(',', StrategyNames.Canonical));
        Assert.All(Enum.GetValues<StrategyKind>(), k => Assert.Equal(k, StrategyNames.Parse(StrategyNames.Name(k))));
    }

    [Fact]
    public void Create_Mcts_ParsesEveryOption()
    {
        var creation = StrategyFactory.Create(StrategyKind.Mcts, new Dictionary<string, string>
        {
            ["iterations"] = "20", ["samples"] = "3", ["c-puct"] = "1.25", ["gold-reward"] = "true", ["select"] = "votes",
        });

        var options = Assert.IsType<MctsOptions>(creation.Strategy!.Options);
        Assert.Equal(new MctsOptions(Iterations: 20, SamplesPerExpansion: 3, CPuct: 1.25, UseGoldReward: true, Selection: AnswerSelection.Votes), options);
        Assert.False(creation.Strategy.RequiresValueModel);
    }

    [Theory]
    [InlineData(StrategyKind.Mcts, "c-puct", "-1", "c-puct", "must be in [0, 100]")]
    [InlineData(StrategyKind.Mcts, "iterations", "ten", "iterations", "expected an integer")]
    [InlineData(StrategyKind.Beam, "beam-widht", "2", "beam-widht", "is not an option of beam; it accepts beam-width")]
    [InlineData(StrategyKind.BestOfN, "aggregation", "max", "aggregation", "expected min, prod, last, mean")]
    [InlineData(StrategyKind.Majority, "temperature", "0", "temperature", "(0, 2]")]
    [InlineData(StrategyKind.RStarMcts, "update-leaf-value", "maybe", "update-leaf-value", "true or false")]
    public void Create_BadOption_ErrorNamesTheOption(StrategyKind kind, string key, string value, string option, string messagePart)
    {
        var creation = StrategyFactory.Create(kind, new Dictionary<string, string> { [key] = value });

        Assert.Null(creation.Strategy);
        var error = Assert.Single(creation.Errors);
        Assert.Equal(option, error.Option);
        Assert.Contains(messagePart, error.Message);
    }

    [Fact]
    public void Describe_Mcts_ListsReferenceDefaults()
    {
        var options = StrategyFactory.Describe(StrategyKind.Mcts).ToDictionary(o => o.Name, o => o.Default);

        Assert.Equal(("40", "5", "1.5", "8", "3", "q"), (options["iterations"], options["samples"], options["c-puct"], options["max-depth"], options["max-code-errors"], options["select"]));
    }

    [Fact]
    public void Describe_OptionsRecord_ListsItsValuesInTableOrder()
    {
        var values = new MctsOptions(Iterations: 20, CPuct: 1.25, Temperature: 0.7f, Deduplicate: true, Selection: AnswerSelection.Votes).Describe();

        Assert.Equal(
            "iterations=20,samples=5,c-puct=1.25,max-depth=8,max-code-errors=3,temperature=0.7,gold-reward=false,positive-reward=1,negative-reward=-1,dedupe=true,update-leaf-value=false,select=votes",
            string.Join(',', values.Select(p => $"{p.Key}={p.Value}")));
    }

    [Theory]
    [InlineData(StrategyKind.Greedy)]
    [InlineData(StrategyKind.Majority)]
    [InlineData(StrategyKind.BestOfN)]
    [InlineData(StrategyKind.Beam)]
    [InlineData(StrategyKind.Mcts)]
    [InlineData(StrategyKind.RStarMcts)]
    public void ParseOptions_DescribedValues_RoundTrip(StrategyKind kind)
    {
        var (defaults, _) = StrategyFactory.ParseOptions(kind, new Dictionary<string, string>());
        var (parsed, errors) = StrategyFactory.ParseOptions(kind, defaults!.Describe().ToDictionary());

        Assert.Empty(errors);
        Assert.Equal(defaults, parsed);
    }

    [Fact]
    public void Create_InvalidOptions_Throws()
    {
        Assert.Throws<ArgumentException>(() => StrategyFactory.Create(new GreedyOptions(MaxDepth: 0)));
    }
}
