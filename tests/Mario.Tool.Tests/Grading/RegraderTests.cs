using System.Text.Json;
using Mario.Tool.Cli;
using Mario.Tool.Commands;
using Mario.Tool.Tests.Support;

namespace Mario.Tool.Tests.Grading;

/// <summary>
/// <c>grade</c> on other harnesses' outputs. The fixtures under TestData/grade are hand-written in the real
/// layouts: lm-evaluation-harness <c>samples_gsm8k_*.jsonl</c> (the dict built in lm_eval/evaluator.py's
/// log_samples branch, saved by EvaluationTracker.save_results_samples: doc_id, doc, target, arguments as
/// gen_args_0/arg_0.., resps [[..]], filtered_resps [..], filter, metrics, doc_hash, prompt_hash, target_hash,
/// exact_match; one line per filter, gsm8k's strict-match and flexible-extract) and Qwen2.5-Math
/// evaluation/math_eval.py output (idx, question, gt_cot, gt, the kept dataset fields, code [..], pred [..],
/// report [..], score [..] added by evaluate.py), with two samples per problem (n_sampling 2).
/// </summary>
public sealed class RegraderTests
{
    private static string Fixture(string name) => Path.Combine(TestPaths.TestData, "grade", name);

    private const string LmEval = "samples_gsm8k_2025-06-01T12-00-00.000000.jsonl";
    private const string Qwen = "test_qwen25-math-cot_-1_seed0_t0.7_s0_e-1.jsonl";

    [Theory]
    // lm-eval: doc 1's completion ends "The answer is 3." with no "####": strict-match filters "[invalid]"
    // (exact_match 0) while mario reads 3; doc 3 answers 180 for 540 (both wrong, two filters).
    [InlineData(LmEval, "lm-eval", 8, 5, 0, 1, 2, "1/strict-match")]
    // Qwen2.5-Math: 2#1 ends "The final answer is $\frac{14}{3}$." without \boxed, which its file scores false
    // (pred "3"); mario reads 14/3. 1#1 answers q - p for p - q (both wrong).
    [InlineData(Qwen, "qwen-math", 6, 4, 0, 1, 1, "2#1")]
    public async Task Grade_ForeignFormat_IsDetected_AndTheAgreementTableCountsEachCell(
        string file, string format, int samples, int bothCorrect, int fileOnly, int marioOnly, int bothWrong, string disagreeing)
    {
        var run = await CliRun.InvokeAsync("grade", Fixture(file), "--format", "json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.StartsWith($"input format: {format} (detected from fields ", Assert.Single(run.ErrorLines), StringComparison.Ordinal);
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(format, root.GetProperty("input_format").GetString());
        Assert.True(root.GetProperty("detected").GetBoolean());
        Assert.Equal(samples, root.GetProperty("samples").GetInt32());
        var agreement = root.GetProperty("agreement");
        Assert.Equal(
            [bothCorrect, fileOnly, marioOnly, bothWrong, 0],
            new[] { "both_correct", "file_only_correct", "mario_only_correct", "both_wrong", "no_file_verdict" }.Select(k => agreement.GetProperty(k).GetInt32()));
        var disagreement = Assert.Single(root.GetProperty("disagreements").EnumerateArray());
        Assert.Equal(disagreeing, disagreement.GetProperty("id").GetString());
        Assert.False(disagreement.GetProperty("file_correct").GetBoolean());
        Assert.True(disagreement.GetProperty("mario_correct").GetBoolean());
        Assert.Equal(bothCorrect + fileOnly, root.GetProperty("file_correct").GetInt32());
        Assert.Equal(bothCorrect + marioOnly, root.GetProperty("mario_correct").GetInt32());
    }

    [Fact]
    public async Task Grade_LmEvalTable_ShowsTheAgreementCellsAndTheDisagreeingId()
    {
        var run = await CliRun.InvokeAsync("grade", Fixture(LmEval), "--input-format", "lm-eval");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Empty(run.ErrorLines);
        Assert.Contains("input format lm-eval", run.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("(detected)", run.Output, StringComparison.Ordinal);
        Assert.Matches(@"│ correct\s+│ 5\s+│ 0\s+│", run.Output);
        Assert.Matches(@"│ wrong\s+│ 1\s+│ 2\s+│", run.Output);
        Assert.Matches(@"│ 1/strict-match │ wrong\s+│ correct │ 3 ", run.Output);
        Assert.DoesNotContain("\u001b[", run.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Grade_ForeignFormat_Output_AddsMarioGradesAndKeepsTheFilesFields()
    {
        using var temp = new TempDirectory();

        var run = await CliRun.InvokeAsync("grade", Fixture(Qwen), "-o", temp.Combine("out.jsonl"));

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var lines = (await File.ReadAllLinesAsync(temp.Combine("out.jsonl"))).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal([true, false], lines[2].GetProperty("score").EnumerateArray().Select(e => e.GetBoolean()));
        var grades = lines[2].GetProperty("mario_grades").EnumerateArray().ToList();
        Assert.Equal([true, true], grades.Select(g => g.GetProperty("correct").GetBoolean()));
        Assert.Equal([true, false], grades.Select(g => g.GetProperty("file_correct").GetBoolean()));
        Assert.Equal([0, 1], grades.Select(g => g.GetProperty("element").GetInt32()));
        Assert.Equal("\\frac{14}{3}", grades[1].GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Grade_FieldOptions_MapAnotherLayout()
    {
        using var temp = new TempDirectory();
        await File.WriteAllTextAsync(temp.Combine("mine.jsonl"),
            """
            {"uid": "a", "reference": "42", "output": {"text": "so the answer is 42"}, "ok": 1}
            {"uid": "b", "reference": "\\frac{1}{2}", "output": {"text": "it is 0.5"}, "ok": 0}
            {"uid": "c", "reference": "7", "output": {"text": "maybe 8"}, "ok": 0}
            """);

        var run = await CliRun.InvokeAsync("grade", temp.Combine("mine.jsonl"), "--format", "json",
            "--field", "id=uid", "--field", "gold=reference", "--field", "completion=output.text", "--field", "verdict=ok");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal("output.text", root.GetProperty("fields").GetProperty("completion").GetString());
        Assert.Equal(2, root.GetProperty("mario_correct").GetInt32());
        Assert.Equal("b", Assert.Single(root.GetProperty("disagreements").EnumerateArray()).GetProperty("id").GetString());
    }

    [Theory]
    // Auto-detection falls back to mario's layout; the first line has none of its fields.
    [InlineData("{\"foo\": 1, \"bar\": \"x\"}\n", new string[0], "foreign.jsonl:1: field 'completion': missing (format mario reads completion from completion|answer|pred;")]
    // A Qwen2.5-Math line read as lm-eval.
    [InlineData("{\"idx\": 0, \"gt\": \"1\", \"code\": [\"1\"], \"score\": [true]}\n", new[] { "--input-format", "lm-eval" }, "foreign.jsonl:1: field 'resps[0][0]': missing (format lm-eval reads completion from resps[0][0]|filtered_resps[0];")]
    // A path that stops at an array.
    [InlineData("{\"doc_id\": 0, \"target\": \"1\", \"resps\": [[\"1\"]]}\n", new[] { "--field", "completion=resps" }, "foreign.jsonl:1: field 'resps': expected a string or number, found an array (index into it, e.g. resps[0])")]
    // Not JSON at all.
    [InlineData("id,gold,completion\n", new string[0], "foreign.jsonl:1: not valid JSON")]
    // A bad --field.
    [InlineData("{\"gold\": \"1\", \"completion\": \"1\"}\n", new[] { "--field", "answer=x" }, "foreign.jsonl: --field 'answer=x': expected ROLE=PATH with ROLE one of id, gold, completion, verdict")]
    public async Task Grade_ForeignFileWithoutUsableFields_OneErrorLineNamingFileLineAndField_Exit2(string content, string[] options, string expected)
    {
        using var temp = new TempDirectory();
        await File.WriteAllTextAsync(temp.Combine("foreign.jsonl"), content);

        var run = await CliRun.InvokeAsync(["grade", temp.Combine("foreign.jsonl"), .. options]);

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        var error = Assert.Single(run.ErrorLines, l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.StartsWith("error: " + expected, error, StringComparison.Ordinal);
        Assert.Equal("", run.Output);
    }

    [Fact]
    public async Task Grade_BadLineAfterGoodOnes_IsCountedAndNamed_Exit2()
    {
        using var temp = new TempDirectory();
        var lines = File.ReadAllLines(Fixture(LmEval));
        await File.WriteAllLinesAsync(temp.Combine("samples_x.jsonl"), [lines[0], "{\"doc_id\": 9, \"resps\": [[\"5\"]]}", lines[1]]);

        var run = await CliRun.InvokeAsync("grade", temp.Combine("samples_x.jsonl"), "--format", "json");

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal(
            "error: samples_x.jsonl:2: field 'target': missing (format lm-eval reads gold from target|doc.answer; name the field with --field gold=PATH or pick --input-format mario|lm-eval|qwen-math)",
            Assert.Single(run.ErrorLines, l => l.StartsWith("error:", StringComparison.Ordinal)));
        var root = JsonDocument.Parse(run.Output).RootElement;
        Assert.Equal(2, root.GetProperty("samples").GetInt32());
        Assert.Equal(1, root.GetProperty("bad_lines").GetInt32());
    }

    [Fact]
    public async Task Grade_MissingFile_OneErrorLine_Exit2()
    {
        using var temp = new TempDirectory();

        var run = await CliRun.InvokeAsync("grade", temp.Combine("nope.jsonl"));

        Assert.Equal(ExitCodes.Usage, run.ExitCode);
        Assert.Equal($"error: {temp.Combine("nope.jsonl")}: not found (expected a run folder with samples.jsonl, or a JSONL file of samples)", Assert.Single(run.ErrorLines));
    }
}
