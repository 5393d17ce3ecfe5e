using Mario.Tool.Running;

namespace Mario.Tool.Tests.Running;

public sealed class StrategySpecTests
{
    [Theory]
    [InlineData("greedy", "greedy")]
    [InlineData("maj@5", "maj@5")]
    [InlineData("majority@8", "maj@8")]
    [InlineData("maj", "maj@5")]
    [InlineData("bon@16", "bon@16")]
    [InlineData("beam(3,5)", "beam(3,5)")]
    [InlineData(" beam ( 1 , 5 ) ", "beam(1,5)")]
    [InlineData("beam", "beam(1,5)")]
    [InlineData("mcts", "mcts")]
    [InlineData("greedy,maj@5,beam(1,5),beam(3,5),mcts", "greedy|maj@5|beam(1,5)|beam(3,5)|mcts")]
    public void ParseList_ShortForms_GiveTheLabelOfWhatRuns(string text, string labels)
    {
        var (specs, error) = StrategySpec.ParseList(text);

        Assert.Null(error);
        Assert.Equal(labels, string.Join('|', specs!.Select(s => StrategySpec.Label(s.Kind, s.Options))));
    }

    [Theory]
    [InlineData("frobnicate", "--strategy 'frobnicate': expected greedy, maj@K")]
    [InlineData("greedy,,maj", "--strategy '': expected greedy")]
    [InlineData("greedy@3", "@K sets the sample count of maj and bon only")]
    [InlineData("maj@x", "@K sets the sample count of maj and bon only")]
    [InlineData("beam(3)", "--strategy 'beam(3)': expected")]
    public void ParseList_BadEntry_NamesIt(string text, string expected)
    {
        var (specs, error) = StrategySpec.ParseList(text);

        Assert.Null(specs);
        Assert.Contains(expected, error);
    }

    [Theory]
    [InlineData("beam(3,5)", "beam-3-5")]
    [InlineData("maj@5", "maj-5")]
    [InlineData("rstar-mcts", "rstar-mcts")]
    public void FolderName_HasNoShellOrPathCharacters(string label, string folder) =>
        Assert.Equal(folder, StrategySpec.FolderName(label));
}
