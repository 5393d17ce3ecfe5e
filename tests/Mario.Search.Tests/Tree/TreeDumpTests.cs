using Mario.Models.Scripted;
using Mario.Search.Strategies;
using Mario.Search.Tests.Strategies;
using Mario.Search.Tree;
using Mario.Testing;

namespace Mario.Search.Tests.Tree;

public sealed class TreeDumpTests
{
    [Fact]
    public async Task Parse_OfToJson_RebuildsAnIdenticalTree()
    {
        var result = await SearchOnce(seed: 3);
        var json = result.Tree.ToJson();

        var parsed = TreeDump.Parse(json);

        Assert.Null(parsed.Error);
        var rebuilt = parsed.Dump!.Rebuild();
        Assert.Equal(json, TreeDump.From(Tagged.Problem, "mcts", result.Tree.StepFormat, rebuilt).ToJson());
        Assert.DoesNotContain('\n', json);
    }

    [Theory]
    [InlineData("[1]", "expected a JSON object")]
    [InlineData("{", "not valid JSON")]
    [InlineData("""{"version":2,"problemId":"p","question":"q","strategy":"s","stepFormat":"tagged","nodes":[]}""", "field version")]
    [InlineData("""{"version":1,"problemId":"p","question":"q","strategy":"s","stepFormat":"tagged","nodes":[]}""", "first node must be the root")]
    [InlineData("""{"version":1,"problemId":"p","question":"q","strategy":"s","stepFormat":"tagged","nodes":[{"id":"0","kind":"root","text":""},{"id":"0.1","kind":"thought","text":"t"}]}""", "expected child index 0")]
    [InlineData("""{"version":1,"problemId":"p","question":"q","strategy":"s","stepFormat":"tagged","nodes":[{"id":"0","kind":"root","text":""},{"id":"0.0.0","kind":"thought","text":"t"}]}""", "before its parent")]
    [InlineData("""{"version":1,"problemId":"p","question":"q","strategy":"s","stepFormat":"tagged","nodes":[{"id":"0","kind":"root","text":""},{"id":"0.x","kind":"thought","text":"t"}]}""", "is not a path id")]
    [InlineData("""{"version":1,"problemId":"p","question":"q","strategy":"s","stepFormat":"nope","nodes":[]}""", "field $.stepFormat")]
    [InlineData("""{"version":1,"problemId":"p","question":"q","strategy":"s","stepFormat":"tagged","nodes":[null]}""", "nodes[0]: expected a node object")]
    [InlineData("""{"version":1,"problemId":"p","question":"q","strategy":"s","stepFormat":"tagged","nodes":[{"id":"0","kind":"root"}]}""", "nodes[0]: field text is required")]
    [InlineData("""{"version":1,"problemId":"p","question":"q","strategy":"s","stepFormat":"tagged","nodes":[{"id":"0","kind":"root","text":"","visits":"many"}]}""", "field $.nodes[0].visits")]
    public void Parse_BadDump_IsErrorNamingTheProblem(string json, string errorPart)
    {
        var parsed = TreeDump.Parse(json);

        Assert.Null(parsed.Dump);
        Assert.Contains(errorPart, parsed.Error);
    }

    [Theory]
    [InlineData(AnswerSelection.QValue)]
    [InlineData(AnswerSelection.Value)]
    [InlineData(AnswerSelection.Visits)]
    [InlineData(AnswerSelection.Votes)]
    public async Task AnswerSelector_OnRebuiltDump_SameAnswerAsLiveSearchWithoutModel(AnswerSelection selection)
    {
        // Search once, select many: re-selection from the saved tree needs no model, value model or sandbox.
        var live = await SearchOnce(seed: 3, selection);
        var root = TreeDump.Parse(live.Tree.ToJson()).Dump!.Rebuild();

        var offline = AnswerSelector.Select(root, selection, new StringEquivalenceChecker());
        var fromDump = AnswerSelector.Select(live.Tree, selection, new StringEquivalenceChecker());
        Assert.Equal(offline.Node?.Id, fromDump.Node?.Id);

        Assert.Equal(live.Answer, offline.Answer);
        Assert.Equal(live.ChosenNodeId, offline.Node?.Id);
        Assert.Equal(live.Candidates, offline.Candidates);
    }

    [Fact]
    public void AnswerSelector_PrunesBranchesWithoutAnswers()
    {
        // By Q the root would take 0.0 (Q 0.9) but nothing below it answers; the pruned descent takes 0.1 -> "7".
        var dump = new TreeDump(1, "p", "q", null, "mcts", Mario.Search.Steps.StepFormatKind.Tagged,
        [
            Node("0", StepKind.Root, visits: 3, sum: 1),
            Node("0.0", StepKind.Code, visits: 1, sum: 0.9),
            Node("0.0.0", StepKind.Invalid, visits: 1, sum: -1, terminal: TerminalReason.Unparsable),
            Node("0.1", StepKind.Code, visits: 2, sum: 0.2),
            Node("0.1.0", StepKind.Answer, visits: 1, sum: 0.1, terminal: TerminalReason.Answered, answer: "7"),
        ]);

        var choice = AnswerSelector.Select(dump.Rebuild(), AnswerSelection.QValue, new StringEquivalenceChecker());

        Assert.Equal(("7", "0.1.0"), (choice.Answer, choice.Node!.Id));
    }

    private static NodeRecord Node(string id, StepKind kind, int visits, double sum, TerminalReason? terminal = null, string? answer = null) =>
        new(id, kind, id, null, false, null, false, 0, answer, null, null, terminal, false, 1, 1, visits, sum, visits == 0 ? 0 : sum / visits, null);

    internal static ValueTask<SearchResult> SearchOnce(ulong seed, AnswerSelection selection = AnswerSelection.QValue) =>
        SearchOnce(seed, selection, new ScriptedLanguageModel());

    internal static ValueTask<SearchResult> SearchOnce(
        ulong seed, AnswerSelection selection, ScriptedLanguageModel policy, Func<Mario.Models.ILanguageModel, Mario.Models.ILanguageModel>? wrap = null)
    {
        var a = Tagged.CodeNode("A", "x=1", "");
        policy
            .On(Tagged.RootSuffix, Tagged.Code("A", "x=1", -0.2), Tagged.Answer("R", "41", -0.5), Tagged.Code("B", "x=2", -0.7))
            .On(Tagged.After(a), Tagged.Answer("A0", "42", -0.1), Tagged.Code("A1", "y=1", -0.3), Tagged.Answer("A2", "41", -0.2))
            .On("", Tagged.Answer("Z", "42", -0.4), Tagged.Answer("Z2", "40", -0.6), Tagged.Code("Z3", "z=1", -0.9));
        var value = new FixedValueModel(0.1)
            .On(Tagged.After(a), 0.4)
            .On(Tagged.After(Tagged.AnswerNode("A0", "42")), 0.8)
            .On(Tagged.After(Tagged.AnswerNode("R", "41")), -0.3)
            .On(Tagged.After(Tagged.AnswerNode("Z", "42")), 0.6);
        var strategy = new MctsStrategy(new MctsOptions(Iterations: 6, SamplesPerExpansion: 3, Selection: selection));
        return strategy.SolveAsync(Tagged.Problem, Tagged.Context(wrap is null ? policy : wrap(policy), value, seed: seed), default);
    }
}
