using Mario.Search.Steps;

namespace Mario.Search.Tests.Steps;

public sealed class ReactStepFormatTests
{
    private static readonly ReactStepFormat NoDemos = new("Tools: {tool_desc}| names: {tool_names}", "Now! It's your turn.\n\nQuestion: {input}", [], 0);
    private static readonly Problem Problem = new("p1", "What is 6*7?", "42");

    [Fact]
    public void BuildPrompt_NoSteps_InstructionsThenSuffixWithDelimiter()
    {
        Assert.Equal(
            "Tools: python_interpreter: A Python shell. Use this to execute python commands. | names: python_interpreter\n\n"
            + "Now! It's your turn.\n\nQuestion: What is 6*7?\n\n",
            NoDemos.BuildPrompt(Problem, []));
    }

    [Fact]
    public void BuildPrompt_WithSteps_AppendsStepsAndDelimiter()
    {
        Assert.EndsWith("Question: What is 6*7?\n\nS1\n\nS2\n\n", NoDemos.BuildPrompt(Problem, ["S1", "S2"]));
    }

    [Fact]
    public void StopSequences_AreTheReferenceList()
    {
        Assert.Equal(["\nObservation:", "Observation:", "<Solution complete>"], NoDemos.StopSequences);
    }

    [Fact]
    public void Parse_Action_IsCodeStepWithoutFences()
    {
        var parse = NoDemos.Parse("Thought: multiply\n\nAction: python_interpreter\n\nAction Input: ```python\nprint(6*7)\n```\n", "\nObservation:");

        var code = Assert.IsType<CodeStep>(parse);
        Assert.Equal("print(6*7)", code.Code);
        Assert.Equal("Thought: multiply\n\nAction: python_interpreter\n\nAction Input: ```python\nprint(6*7)\n```", code.Text);
        Assert.Equal(code.Text + "\n\nObservation: 42", NoDemos.AttachObservation(code.Text, "42"));
    }

    [Theory]
    [InlineData("Thought: done\n\nFinal Answer: 42", "42")]
    [InlineData("Thought: a\nFinal Answer: 1\nThought: b\nFinal Answer: $\\frac{1}{4}$\n", "\\frac{1}{4}")]
    public void Parse_FinalAnswer_TakesTextAfterLastMarker(string text, string expected)
    {
        Assert.Equal(expected, Assert.IsType<AnswerStep>(NoDemos.Parse(text, "<Solution complete>")).Answer);
    }

    [Theory]
    [InlineData("Thought: think\n\nAction: None\n\nAction Input: None", ReactStepFormat.NoActionObservation)]
    [InlineData("Thought: think\n\nAction: calculator\n\nAction Input: 1+1", "KeyError: 'calculator'")]
    public void Parse_NoneOrUnknownAction_IsThoughtWithReferenceObservation(string text, string observation)
    {
        Assert.Equal(observation, Assert.IsType<ThoughtStep>(NoDemos.Parse(text, "\nObservation:")).FixedObservation);
    }

    [Theory]
    [InlineData("Thought: x\n\nAction: python_interpreter\n\nAction Input: ```python\nprint(1)\n```\nFinal Answer: 1")]
    [InlineData("Thought: I keep thinking forever")]
    public void Parse_Hostile_IsUnparsable(string text)
    {
        Assert.IsType<Unparsable>(NoDemos.Parse(text, null));
    }

    [Fact]
    public async Task LoadAsync_SuperMarioFewShots_TwoDemosStablePerProblem()
    {
        var format = await ReactStepFormat.LoadAsync(SuitePaths.FewShotDirectory());

        var prompt = format.BuildPrompt(Problem, []);

        Assert.StartsWith("You are a powerful agent with broad math knowledge", prompt);
        Assert.Contains("python_interpreter: A Python shell. Use this to execute python commands. ", prompt);
        Assert.Contains("\n\nThe following are 2 demonstration examples.\n\nQuestion: ", prompt);
        Assert.EndsWith("\n\nNow! It's your turn.\n\nQuestion: What is 6*7?\n\n", prompt);
        Assert.Equal(3, prompt.Split("<Solution complete>").Length - 1);
        Assert.Equal(prompt, format.BuildPrompt(Problem, []));
        Assert.StartsWith(prompt[..^2], format.BuildPrompt(Problem, ["S1"]));
    }
}
