using System.CommandLine;
using Mario.Eval.Answers;
using Mario.Tool.Cli;
using Mario.Tool.Grading;
using Mario.Tool.Reporting;

namespace Mario.Tool.Commands;

/// <summary>
/// <c>mario grade FILE</c>: re-grades saved samples without a model (like Super_MARIO's eval_output_jsonl.py) —
/// mario's own, lm-evaluation-harness's or Qwen2.5-Math's — and compares with the file's own verdicts.
/// </summary>
public static class GradeCommand
{
    private static readonly Argument<string> Input = new("path") { Description = "A run folder (holding samples.jsonl) or a JSONL file of samples (mario's, lm-eval's samples_*.jsonl, Qwen2.5-Math's output)." };
    private static readonly Option<FileInfo?> Output = new("--output", "-o") { Description = "Write the re-graded lines to this JSONL file (mario's: answer, correct, verdict replaced, previous_correct added; others: a mario_grades list added)." };
    private static readonly Option<ExtractionStyle> Style = new("--extract") { Description = "How the answer is extracted from a completion (default auto).", DefaultValueFactory = _ => ExtractionStyle.Auto };
    private static readonly Option<int> ShowChanged = new("--show-changed") { Description = "List up to this many samples where mario disagrees with the file (0..1000).", DefaultValueFactory = _ => 10 };
    private static readonly Option<string?> InputFormat = CreateInputFormat();
    private static readonly Option<string[]> Fields = new("--field") { Description = "ROLE=PATH: where a field is (ROLE id, gold, completion or verdict; PATH like resps[0][0], doc.answer, code[*]; a|b tries a then b). Repeatable; overrides the format's mapping.", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<OutputFormat> Format = new("--format") { Description = "table (default) or json (one document, schema in README).", DefaultValueFactory = _ => OutputFormat.Table };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command(
            "grade",
            """
            Re-grade saved samples with mario's answer checker, without a model, and compare with the file's own
            verdicts (agree/disagree table and the first disagreeing ids). Reads mario's samples.jsonl,
            lm-evaluation-harness samples_*.jsonl and Qwen2.5-Math evaluation output; the format is detected from
            the first line unless --input-format names it.

            Examples:
              dotnet mario grade runs/math500-greedy                  reads runs/math500-greedy/samples.jsonl
              dotnet mario grade outputs.jsonl -o regraded.jsonl      lines need id, gold and completion (or answer)
              dotnet mario grade samples_gsm8k_2025-01-01T00-00-00.jsonl --input-format lm-eval
              dotnet mario grade test_qwen25-math-cot_-1_seed0_t0.0_s0_e-1.jsonl --format json
              dotnet mario grade mine.jsonl --field gold=reference --field completion=output --field verdict=
            """);
        command.Arguments.Add(Input);
        command.Options.Add(Output);
        command.Options.Add(Style);
        command.Options.Add(ShowChanged);
        command.Options.Add(InputFormat);
        command.Options.Add(Fields);
        command.Options.Add(Format);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var error = r.InvocationConfiguration.Error;
            var show = r.GetValue(ShowChanged);
            if (show is < 0 or > 1000)
            {
                await error.WriteLineAsync("error: --show-changed must be between 0 and 1000 (example: --show-changed 20)").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var format = r.GetValue(InputFormat) is { } name ? GradeInputFormats.Parse(name) : null;
            var request = new GradeRequest(r.GetValue(Input)!, r.GetValue(Output), r.GetValue(Style), show, format, r.GetValue(Fields) ?? [], r.GetValue(Format));
            return await Regrader.RunAsync(request, r.InvocationConfiguration.Output, error, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static Option<string?> CreateInputFormat()
    {
        var option = new Option<string?>("--input-format") { Description = "mario, lm-eval or qwen-math; detected from the first line when omitted." };
        option.AcceptOnlyFromAmong([.. GradeInputFormats.Names]);
        return option;
    }
}
