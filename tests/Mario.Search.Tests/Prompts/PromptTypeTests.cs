using Mario.Search.Prompts;
using Mario.Search.Steps;
using Mario.Testing;

namespace Mario.Search.Tests.Prompts;

/// <summary>
/// The shipped prompt types (eval-suites/prompts): each renders a fixed problem as its approved snapshot, mario's own
/// formats render byte for byte what their step format classes wrote before prompt types existed, and the
/// demonstrations a prompt uses are the ones it reports.
/// </summary>
public sealed class PromptTypeTests
{
    private static readonly string Prompts = Path.Combine(SuiteData.RepositoryRoot, "eval-suites", "prompts");

    private static readonly Problem Fixed = new("fixed-0001", "Natalia sold clips to 48 of her friends in April, and then she sold half as many clips in May. How many clips did Natalia sell altogether in April and May?", "72");

    public static TheoryData<string, int> Shipped => new()
    {
        { "qwen25-math-cot", 0 },
        { "qwen25-math-cot", 2 },
        { "qwen-boxed", 0 },
        { "qwen-boxed", 1 },
        { "deepseek-math", 0 },
        { "deepseek-math", 2 },
        { "llama3-instruct", 0 },
        { "plain", 0 },
        { "tagged", 0 },
        { "rstar", 0 },
        { "react", 0 },
        { "react", 1 },
        { "react", 2 },
    };

    [Theory]
    [MemberData(nameof(Shipped))]
    public async Task PromptType_FixedProblem_RendersTheApprovedPrompt(string name, int shots)
    {
        var format = await LoadAsync(name, shots);

        var prompt = format.BuildPrompt(Fixed, []);
        var withSteps = format.BuildPrompt(Fixed, ["STEP-1", "STEP-2"]);

        Assert.Equal(prompt + "STEP-1" + format.StepDelimiter + "STEP-2" + format.StepDelimiter, withSteps);
        Assert.Equal(shots, format.FewShotIds(Fixed).Count);
        // Brackets keep leading and trailing whitespace visible (the snapshot trims line ends).
        Snapshot.Match(
            $"prompt type: {name}\nstep format: {StepFormats.Name(format.Kind)}\nstop: {string.Join(" | ", format.StopSequences.Select(Escape))}\nfew-shot ids: {string.Join(", ", format.FewShotIds(Fixed))}\n----- prompt -----\n[{prompt}]\n",
            $"{name}.{shots}");
    }

    public static TheoryData<string> MarioFormats => new() { "plain", "tagged", "rstar", "react" };

    [Theory]
    [MemberData(nameof(MarioFormats))]
    public async Task DefaultPromptType_IsByteIdenticalToTheStepFormatItReplaces(string name)
    {
        var (kind, _) = StepFormats.Parse(name);
        var legacy = await StepFormats.CreateAsync(kind!.Value, SuitePaths.FewShotDirectory());
        var (type, error) = await PromptTypeLoader.LoadAsync(Path.Combine(Prompts, name + ".json"));
        Assert.True(type is not null, error);
        var format = new PromptedStepFormat(type, StepFormats.CreateParser(type.StepFormat), type.DefaultFewShotCount);
        string[][] trajectories = [[], ["first step"], ["a\nb", "<code>\nprint(1)\n```\n</code>\n<output>\n1\n</output>\n</step>", "Final Answer: 3"]];
        var problems = SuiteLines(Path.Combine(SuiteData.ShippedSuites, "gsm8k-test-mini.jsonl")).Take(12)
            .Append(new Problem("braces", "What is {question} plus {fewshot} in $\\frac{1}{2}$?", "0"));

        foreach (var problem in problems)
        {
            foreach (var steps in trajectories)
            {
                Assert.Equal(legacy.BuildPrompt(problem, steps), format.BuildPrompt(problem, steps));
            }
        }

        Assert.Equal(legacy.StopSequences, format.StopSequences);
        Assert.Equal(legacy.StepDelimiter, format.StepDelimiter);
        Assert.Equal(legacy.Kind, format.Kind);
    }

    [Theory]
    [InlineData(0, "")]
    [InlineData(1, "gsm8k-cot-0")]
    [InlineData(3, "gsm8k-cot-0,gsm8k-cot-1,gsm8k-cot-2")]
    [InlineData(8, "gsm8k-cot-0,gsm8k-cot-1,gsm8k-cot-2,gsm8k-cot-3,gsm8k-cot-4,gsm8k-cot-5,gsm8k-cot-6,gsm8k-cot-7")]
    public async Task NumFewShot_FirstOrder_UsesTheFirstNAndReportsTheirIds(int shots, string ids)
    {
        var format = await LoadAsync("deepseek-math", shots);
        var other = new Problem("other", "What is 2 + 2?", "4");

        var prompt = format.BuildPrompt(Fixed, []);

        var expected = ids.Length == 0 ? [] : ids.Split(',');
        Assert.Equal(expected, format.FewShotIds(Fixed));
        Assert.Equal(expected, format.FewShotIds([Fixed, other]));
        // Each demonstration is a whole "User: ... Assistant: solution" turn followed by Qwen's splitter.
        Assert.Equal(shots + 1, prompt.Split("User: ").Length - 1);
        Assert.Equal(shots, prompt.Split("\n\n\n").Length - 1);
        Assert.EndsWith("Please reason step by step, and put your final answer within \\boxed{}.\n\nAssistant:", prompt);
        Assert.StartsWith(shots == 0 ? "User: Natalia" : "User: There are 15 trees", prompt);
    }

    [Fact]
    public async Task NumFewShot_PerProblemOrder_DrawsPerProblemAndRecordsTheUnionInPoolOrder()
    {
        var format = await LoadAsync("react", 2);
        var problems = SuiteLines(Path.Combine(SuiteData.ShippedSuites, "gsm8k-test-mini.jsonl")).Take(5).ToList();

        var perProblem = problems.Select(p => format.FewShotIds(p)).ToList();
        var union = format.FewShotIds(problems);

        Assert.All(perProblem, ids => Assert.Equal(2, ids.Distinct().Count()));
        Assert.True(perProblem.Select(ids => string.Join(",", ids)).Distinct().Count() > 1, "five problems drew the same two demonstrations");
        Assert.Equal(perProblem.SelectMany(i => i).Distinct().Order(StringComparer.Ordinal), union);
        foreach (var (problem, ids) in problems.Zip(perProblem))
        {
            var prompt = format.BuildPrompt(problem, []);
            Assert.Contains("The following are 2 demonstration examples.", prompt);
            Assert.All(ids, id => Assert.Contains(Question(id), prompt));
        }
    }

    [Fact]
    public async Task NumFewShot_OneDemo_UsesTheSingularHeader()
    {
        var format = await LoadAsync("react", 1);

        var prompt = format.BuildPrompt(Fixed, []);

        Assert.Contains("\n\nThe following is a demonstration example.\n\nQuestion: ", prompt);
        Assert.DoesNotContain("demonstration examples", prompt);
    }

    [Fact]
    public async Task Chat_QwenBoxed_GivesSystemDemosQuestionAndTheStepsToContinue()
    {
        var format = await LoadAsync("qwen-boxed", 1);

        var messages = format.BuildChat(Fixed, ["Step one."])!;

        Assert.Equal([ChatRole.System, ChatRole.User, ChatRole.Assistant, ChatRole.User, ChatRole.Assistant], messages.Select(m => m.Role));
        Assert.Equal("You are a helpful assistant.", messages[0].Content);
        Assert.StartsWith("There are 15 trees", messages[1].Content);
        Assert.EndsWith("The answer is \\boxed{6}.", messages[2].Content);
        Assert.Equal(Fixed.Question + "\nPlease reason step by step, and put your final answer within \\boxed{}.", messages[3].Content);
        Assert.Equal("Step one.\n\n", messages[4].Content);
        Assert.Null((await LoadAsync("tagged", 0)).BuildChat(Fixed, []));
    }

    [Fact]
    public async Task Stop_QwenTypes_AddTheEndOfTurnTokensAfterTheStepStops()
    {
        var format = await LoadAsync("qwen25-math-cot", 0);

        Assert.Equal(["\n\n", "</s>", "<|im_end|>", "<|endoftext|>"], format.StopSequences);
    }

    private static async Task<PromptedStepFormat> LoadAsync(string name, int shots)
    {
        var (type, error) = await PromptTypeLoader.LoadAsync(Path.Combine(Prompts, name + ".json"));
        Assert.True(type is not null, error);
        return new PromptedStepFormat(type, StepFormats.CreateParser(type.StepFormat), shots);
    }

    private static string Question(string id) =>
        SuiteLines(Path.Combine(SuiteData.ShippedSuites, "super-mario-fewshots.jsonl")).Single(p => p.Id == id).Question;

    private static IEnumerable<Problem> SuiteLines(string path) =>
        File.ReadLines(path).Select(line =>
        {
            using var json = System.Text.Json.JsonDocument.Parse(line);
            var root = json.RootElement;
            return new Problem(root.GetProperty("id").GetString()!, root.GetProperty("question").GetString()!, null);
        }).ToList();

    private static string Escape(string stop) => stop.Replace("\n", "\\n", StringComparison.Ordinal);
}
