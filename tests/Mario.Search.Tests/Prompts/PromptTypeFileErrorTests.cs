using Mario.Search.Prompts;

namespace Mario.Search.Tests.Prompts;

/// <summary>A bad prompt type file or few-shot pool is refused with one line naming the file, the field (or line) and what was expected.</summary>
public sealed class PromptTypeFileErrorTests : IDisposable
{
    private const string Pool = """
        {"id": "d1", "question": "What is 1 + 1?", "solution": "1 + 1 = 2. The answer is \\boxed{2}."}
        {"id": "d2", "question": "What is 2 + 2?", "solution": "2 + 2 = 4. The answer is \\boxed{4}.", "extra": "ignored"}
        """;

    private readonly string _folder = Directory.CreateTempSubdirectory("mario-prompts-").FullName;

    public static TheoryData<string, string, string> BadFiles => new()
    {
        // name, file text, expected "field: message" after the file path
        { "missing-question", """{"name": "x", "stepFormat": "plain", "template": "Solve: {q}"}""", ": template: expected exactly one {question} placeholder, found 0" },
        { "two-questions", """{"name": "x", "stepFormat": "plain", "template": "{question} {question}"}""", ": template: expected exactly one {question} placeholder, found 2" },
        { "no-template", """{"name": "x", "stepFormat": "plain"}""", ": template: missing; expected the prompt text with a {question} placeholder" },
        { "unknown-step-format", """{"name": "x", "stepFormat": "chatty", "template": "{question}"}""", ": stepFormat: unknown step format 'chatty'; expected one of tagged, react, rstar, plain, sft, cot" },
        { "no-step-format", """{"name": "x", "template": "{question}"}""", ": stepFormat: missing; expected one of" },
        { "bad-name", """{"name": "Qwen Boxed", "stepFormat": "plain", "template": "{question}"}""", ": name: expected a short name" },
        { "unknown-field", """{"name": "x", "stepFormat": "plain", "template": "{question}", "stops": ["</s>"]}""", ":1: unknown field 'stops'; expected name, stepFormat" },
        { "wrong-type", """{"name": "x", "stepFormat": "plain", "template": "{question}", "stop": "</s>"}""", ":1: stop: The JSON value could not be converted" },
        { "empty-stop", """{"name": "x", "stepFormat": "plain", "template": "{question}", "stop": ["</s>", ""]}""", ": stop[1]: expected a non-empty stop string" },
        { "fewshot-slot-without-block", """{"name": "x", "stepFormat": "plain", "template": "{fewshot}{question}"}""", ": template: has a {fewshot} placeholder but the file has no fewShot block" },
        { "chat-without-question", """{"name": "x", "stepFormat": "plain", "template": "{question}", "chat": {"user": "hello"}}""", ": chat.user: expected the user message with exactly one {question} placeholder" },
        { "example-without-solution", """{"name": "x", "stepFormat": "plain", "template": "{question}", "fewShot": {"examples": "pool.jsonl", "count": 1, "example": "Q: {question}", "separator": "\n"}}""", ": fewShot.example: expected one demonstration's text with one {question} and one {solution} placeholder" },
        { "no-separator", """{"name": "x", "stepFormat": "plain", "template": "{question}", "fewShot": {"examples": "pool.jsonl", "count": 1, "example": "{question}{solution}"}}""", ": fewShot.separator: missing" },
        { "missing-pool", """{"name": "x", "stepFormat": "plain", "template": "{question}", "fewShot": {"examples": "nowhere.jsonl", "count": 1, "example": "{question}{solution}", "separator": "\n"}}""", ": fewShot.examples: no such file " },
        { "count-too-large", """{"name": "x", "stepFormat": "plain", "template": "{question}", "fewShot": {"examples": "pool.jsonl", "count": 3, "example": "{question}{solution}", "separator": "\n"}}""", ": fewShot.count: expected the default number of demonstrations, 0..2 (the examples file's size), found 3" },
        { "bad-order", """{"name": "x", "stepFormat": "plain", "template": "{question}", "fewShot": {"examples": "pool.jsonl", "count": 1, "example": "{question}{solution}", "separator": "\n", "order": "random"}}""", ":1: fewShot.order: The JSON value could not be converted" },
        { "not-json", """{"name": "x", "stepFormat": "plain", """, ":1: " },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task Load_BadFile_NamesTheFileAndTheField(string name, string text, string expected)
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "pool.jsonl"), Pool);
        var path = Path.Combine(_folder, name + ".json");
        await File.WriteAllTextAsync(path, text);

        var (type, error) = await PromptTypeLoader.LoadAsync(path);

        Assert.Null(type);
        Assert.NotNull(error);
        Assert.StartsWith(path + expected, error);
        Assert.DoesNotContain('\n', error);
    }

    public static TheoryData<string, string> BadPools => new()
    {
        { """{"id": "d1", "question": "q"}""", ":1: solution: expected a string" },
        { """{"question": "q", "solution": "s"}""", ":1: id: expected a string (non-empty)" },
        { "{\"id\": \"d1\", \"question\": \"q\", \"solution\": \"s\"}\n{\"id\": \"d1\", \"question\": \"q\", \"solution\": \"s\"}", ":2: id: 'd1' appears twice" },
        { "{\"id\": \"d1\", \"question\": \"q\", \"solution\": \"s\"}\nnot json", ":2: not JSON" },
        { "[1, 2]", ":1: expected a JSON object" },
    };

    [Theory]
    [MemberData(nameof(BadPools))]
    public async Task Load_BadFewShotPool_NamesThePoolFileLineAndField(string pool, string expected)
    {
        var poolPath = Path.Combine(_folder, "pool.jsonl");
        await File.WriteAllTextAsync(poolPath, pool);
        var path = Path.Combine(_folder, "type.json");
        await File.WriteAllTextAsync(path, """{"name": "x", "stepFormat": "plain", "template": "{question}", "fewShot": {"examples": "pool.jsonl", "count": 0, "example": "{question}{solution}", "separator": "\n"}}""");

        var (type, error) = await PromptTypeLoader.LoadAsync(path);

        Assert.Null(type);
        Assert.StartsWith(poolPath + expected, error);
    }

    [Fact]
    public async Task Load_ValidFile_ReadsEveryField()
    {
        await File.WriteAllTextAsync(Path.Combine(_folder, "pool.jsonl"), Pool);
        var path = Path.Combine(_folder, "ok.json");
        await File.WriteAllTextAsync(path, """
            // comments and trailing commas are allowed
            {
              "name": "my-type",
              "stepFormat": "cot",
              "template": "Q: {question}\nA:",
              "fewShot": {"examples": "pool.jsonl", "count": 2, "example": "Q: {question}\nA: {solution}", "separator": "\n\n", "order": "per-problem"},
              "stop": ["\nQ:"],
              "chat": {"system": "Be brief.", "user": "{question}"},
            }
            """);

        var (type, error) = await PromptTypeLoader.LoadAsync(path);

        Assert.True(type is not null, error);
        Assert.Equal(("my-type", Mario.Search.Steps.StepFormatKind.PlainCot, 2, 2, FewShotOrder.PerProblem), (type.Name, type.StepFormat, type.DefaultFewShotCount, type.MaxFewShotCount, type.FewShot!.Order));
        Assert.Equal(["d1", "d2"], type.FewShot.Examples.Select(e => e.Id));
        Assert.Equal(["\nQ:"], type.Stop);
        Assert.Equal("Be brief.", type.Chat!.System);
    }

    [Fact]
    public void Fill_InsertedText_IsNotFilledAgain()
    {
        var values = new Dictionary<string, string> { ["question"] = "Is {solution} here? $\\frac{1}{2}$", ["solution"] = "S" };

        var text = PromptText.Fill("Q: {question} A: {solution} \\boxed{} {unknown}", values);

        Assert.Equal("Q: Is {solution} here? $\\frac{1}{2}$ A: S \\boxed{} {unknown}", text);
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
