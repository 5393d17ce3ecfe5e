using System.Text.Json.Nodes;
using Mario.Models;
using Mario.Search;
using Mario.Search.Prompts;
using Mario.Search.Steps;
using Mario.Tool.Cli;
using Mario.Tool.Running;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Commands;

/// <summary>
/// <c>eval --prompt-type NAME|FILE --num-fewshot N</c> end to end through the CLI entry point: the model sees the prompt
/// type's text and stop strings, the samples are graded, and summary.json records the prompt type and the
/// demonstration ids; bad prompt options fail before any run folder is written, naming the option, file and field.
/// </summary>
public sealed class EvalPromptTypeTests
{
    // The first rule matches only a zero-shot qwen-boxed prompt (anchored at its system turn and the question); the
    // second answers and then runs past <|im_end|>, which only the prompt type's stop strings cut.
    private const string Script = """
        {
          "id": "prompt-types",
          "rules": [
            { "regex": "^<\\|im_start\\|>system\\nYou are a helpful assistant\\.<\\|im_end\\|>\\n<\\|im_start\\|>user\\nJanet’s ducks", "completion": " 16 - 3 - 4 = 9 eggs, 9 * 2 = 18. The answer is \\boxed{18}." },
            { "contains": "A robe takes", "completion": " 2 + 1 = 3, so \\boxed{3}<|im_end|>\n<|im_start|>user\nAnd \\boxed{99}" }
          ],
          "fallback": " I do not know."
        }
        """;

    [Fact]
    public async Task Eval_QwenBoxedZeroShot_ScriptedModel_WritesGradedSamplesAndRecordsThePrompt()
    {
        using var temp = new TempDirectory();
        var (model, output) = (await WriteScriptAsync(temp), temp.Combine("run"));

        var run = await CliRun.InvokeAsync("eval", "--suite", "gsm8k-test-mini", "--prompt-type", "qwen-boxed", "--num-fewshot", "0",
            "--model", model, "--limit", "3", "-o", output, "--data-dir", TestPaths.ShippedSuites);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        var samples = Samples(output);
        Assert.Equal(["18", "3", null], samples.Select(s => (string?)s["answer"]));
        Assert.Equal([true, true, false], samples.Select(s => (bool)s["correct"]!));
        Assert.DoesNotContain("99", (string)samples[1]["completion"]!);
        var summary = Summary(output);
        Assert.Equal("qwen-boxed", (string?)summary["promptType"]);
        Assert.Equal("plain", (string?)summary["stepFormat"]);
        Assert.Empty(summary["fewShotIds"]!.AsArray());
        var stored = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(output, "run.json")))!["options"]!;
        Assert.Equal(("qwen-boxed", 0), ((string?)stored["promptType"], (int?)stored["numFewShot"]));
    }

    [Fact]
    public async Task Eval_NumFewShotTwo_PutsTheDemonstrationsFirstAndRecordsTheirIds()
    {
        using var temp = new TempDirectory();
        var (model, output) = (await WriteScriptAsync(temp), temp.Combine("run"));

        var run = await CliRun.InvokeAsync("eval", "--suite", "gsm8k-test-mini", "--prompt-type", "qwen-boxed", "--num-fewshot", "2",
            "--model", model, "--limit", "3", "-o", output, "--data-dir", TestPaths.ShippedSuites);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        // The anchored rule no longer matches: the prompt now starts with the first demonstration's turn.
        Assert.Equal([false, true, false], Samples(output).Select(s => (bool)s["correct"]!));
        Assert.Equal(["gsm8k-cot-0", "gsm8k-cot-1"], Summary(output)["fewShotIds"]!.AsArray().Select(n => (string)n!));
    }

    [Fact]
    public async Task Eval_PromptTypeFile_IsReadFromItsPath()
    {
        using var temp = new TempDirectory();
        var model = await WriteScriptAsync(temp);
        var file = temp.Combine("mine.json");
        await File.WriteAllTextAsync(file, """{"name": "mine", "stepFormat": "plain", "template": "A robe takes? {question}\n"}""");

        var run = await CliRun.InvokeAsync("eval", "--suite", "gsm8k-test-mini", "--prompt-type", file, "--model", model, "--limit", "2",
            "-o", temp.Combine("run"), "--data-dir", TestPaths.ShippedSuites);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Error);
        // Every prompt now contains "A robe takes", so the robe rule answers both problems; this file adds no stop
        // strings, so nothing cuts the completion at <|im_end|> and its last box, 99, is the answer.
        Assert.Equal(["99", "99"], Samples(temp.Combine("run")).Select(s => (string?)s["answer"]));
        Assert.Equal("mine", (string?)Summary(temp.Combine("run"))["promptType"]);
    }

    public static TheoryData<string[], string> BadOptions => new()
    {
        { ["--prompt-type", "qwen-bixed"], "error: --prompt-type qwen-bixed: unknown prompt type; expected one of deepseek-math, llama3-instruct, plain, qwen-boxed, qwen25-math-cot, react, rstar, tagged or a .json file" },
        { ["--prompt-type", "qwen-boxed", "--num-fewshot", "9"], "error: --num-fewshot 9: prompt type qwen-boxed has 8 demonstrations (fewShot.examples " },
        { ["--prompt-type", "rstar", "--num-fewshot", "1"], "error: --num-fewshot 1: prompt type rstar (" },
        { ["--num-fewshot", "-1"], "error: --num-fewshot -1: expected 0 or more demonstrations" },
        { ["--prompt-type", "react", "--step-format", "plain"], "error: --prompt-type react parses its output with step format react (its stepFormat) but --step-format says plain; drop one of them" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task Eval_BadPromptOptions_FailBeforeTheRunWithOneErrorLine(string[] options, string expected)
    {
        using var temp = new TempDirectory();
        var model = await WriteScriptAsync(temp);

        var run = await CliRun.InvokeAsync(["eval", "--suite", "gsm8k-test-mini", "--model", model, "-o", temp.Combine("run"), "--data-dir", TestPaths.ShippedSuites, .. options]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith(expected, run.Error);
        Assert.Single(run.ErrorLines);
        Assert.False(Directory.Exists(temp.Combine("run")));
    }

    [Fact]
    public async Task Eval_BadPromptTypeFile_NamesTheFileAndTheField()
    {
        using var temp = new TempDirectory();
        var model = await WriteScriptAsync(temp);
        var file = temp.Combine("broken.json");
        await File.WriteAllTextAsync(file, """{"name": "broken", "stepFormat": "tree-of-thought", "template": "{question}"}""");

        var run = await CliRun.InvokeAsync("eval", "--suite", "gsm8k-test-mini", "--prompt-type", file, "--model", model, "-o", temp.Combine("run"), "--data-dir", TestPaths.ShippedSuites);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.StartsWith($"error: --prompt-type {file}: {file}: stepFormat: unknown step format 'tree-of-thought'", run.Error);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(2, "2 of 2 prompts do not fit server's context window of 600 tokens (the longest, gsm8k-test-0000, is about")]
    public async Task PromptFit_ServerContextLength_SaysWhenTheDemonstrationsOverflow(int shots, string? expected)
    {
        // A server reports only its context length (the probe's hook); the react instructions alone (~1.4 kB) fit 600
        // estimated tokens, with any two of Super_MARIO's demonstrations (each at least 641 bytes) they do not.
        var (format, failure) = await PromptTypeCatalog.CreateAsync(new PromptSelection("react", shots), null, StepFormatKind.PlainCot, CancellationToken.None);
        Assert.True(format is not null, failure?.Message);
        Problem[] problems = [new("gsm8k-test-0000", "Janet’s ducks lay 16 eggs per day. How much does she make?", "18"), new("gsm8k-test-0001", "A robe takes 2 bolts. How many?", "3")];

        var warning = PromptFit.Check("server", new FixedContextWindow(600), format, problems, new HashSet<string>());

        if (expected is null)
        {
            Assert.Null(warning);
        }
        else
        {
            Assert.StartsWith(expected, warning);
            Assert.Contains("with prompt type react and 2 demonstrations", warning);
            Assert.EndsWith("fewer demonstrations (--num-fewshot 0) or a shorter prompt type", warning);
        }
    }

    private static async Task<string> WriteScriptAsync(TempDirectory temp)
    {
        var path = temp.Combine("script.json");
        await File.WriteAllTextAsync(path, Script);
        return "scripted:" + path;
    }

    private static List<JsonObject> Samples(string output) =>
        File.ReadAllLines(Path.Combine(output, "samples.jsonl")).Select(l => JsonNode.Parse(l)!.AsObject()).OrderBy(s => (string)s["id"]!).ToList();

    private static JsonNode Summary(string output) => JsonNode.Parse(File.ReadAllText(Path.Combine(output, "summary.json")))!;
}
