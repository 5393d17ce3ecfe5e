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
    [InlineData("mcts[samples=3, dedupe=true]", "mcts[dedupe=true,samples=3]")]
    [InlineData("mcts[iterations=40]", "mcts")]
    [InlineData("maj@5[temperature=0.8],beam(3,5)[max-depth=6]", "maj@5[temperature=0.8]|beam(3,5)[max-depth=6]")]
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
    [InlineData("mcts[samples]", "'samples' is not name=value")]
    [InlineData("mcts[samples=3", "options in brackets must close the entry")]
    [InlineData("maj@5[samples=3]", "samples=3 contradicts samples=5")]
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
    [InlineData("mcts[dedupe=true,samples=3]", "mcts-dedupe-true-samples-3")]
    [InlineData("maj@5[x=a/b]", "maj-5-x-a_b")]
    public void FolderName_HasNoShellOrPathCharacters(string label, string folder) =>
        Assert.Equal(folder, StrategySpec.FolderName(label));
}
