using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mario.Eval;
using Mario.Eval.Answers;
using Spectre.Console;

namespace Mario.Tool.Commands;

/// <summary><c>mario grade RUN_DIR_OR_JSONL</c>: re-grades saved samples without a model (like Super_MARIO's eval_output_jsonl.py).</summary>
public static class GradeCommand
{
    private static readonly Argument<string> Input = new("path") { Description = "A run folder (holding samples.jsonl) or a JSONL file whose lines carry id, gold and completion (or answer)." };
    private static readonly Option<FileInfo?> Output = new("--output", "-o") { Description = "Write the re-graded lines (answer, correct, verdict replaced; previous_correct added) to this JSONL file." };
    private static readonly Option<ExtractionStyle> Style = new("--extract") { Description = "How the answer is extracted from a completion (default auto).", DefaultValueFactory = _ => ExtractionStyle.Auto };
    private static readonly Option<int> ShowChanged = new("--show-changed") { Description = "List up to this many samples whose verdict changed (0..1000).", DefaultValueFactory = _ => 10 };
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command(
            "grade",
            """
            Re-grade saved samples with the current answer checker, without a model.

            Examples:
              dotnet mario grade runs/math500-greedy                  reads runs/math500-greedy/samples.jsonl
              dotnet mario grade outputs.jsonl -o regraded.jsonl      lines need id, gold and completion (or answer)
              dotnet mario grade runs/gsm8k --extract hashmark --show-changed 50
            """);
        command.Arguments.Add(Input);
        command.Options.Add(Output);
        command.Options.Add(Style);
        command.Options.Add(ShowChanged);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var show = r.GetValue(ShowChanged);
            if (show is < 0 or > 1000)
            {
                Console.Error.WriteLine("error: --show-changed must be between 0 and 1000 (example: --show-changed 20)");
                return ExitCodes.Usage;
            }

            return await RunAsync(r.GetValue(Input)!, r.GetValue(Output), r.GetValue(Style), show, Console.Error, ct).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Re-grades <paramref name="path"/>; returns the exit code. Public for tests.</summary>
    public static async Task<int> RunAsync(
        string path, FileInfo? output, ExtractionStyle style, int showChanged, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(path);
        var file = Directory.Exists(path) ? Path.Combine(path, "samples.jsonl") : path;
        if (!File.Exists(file))
        {
            await stderr.WriteLineAsync($"error: {file}: not found (expected a run folder with samples.jsonl, or a JSONL file)").ConfigureAwait(false);
            await stderr.WriteLineAsync("example: dotnet mario grade runs/math500-greedy").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var grader = new AnswerGrader(new EquivalenceChecker(), style, ExtractionStyle.Auto);
        int n = 0, correct = 0, storedKnown = 0, storedCorrect = 0, changed = 0, unknown = 0, noAnswer = 0, lineNumber = 0;
        var changedRows = new List<(string Id, bool? Before, bool After, string Gold, string Answer, string Reason)>();
        var errors = new List<string>();
        StreamWriter? writer = null;
        try
        {
            if (output is not null)
            {
                writer = new StreamWriter(output.FullName, append: false, new UTF8Encoding(false));
            }

            using var reader = new StreamReader(file, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                if (!TryRead(line, out var obj, out var error))
                {
                    errors.Add($"{Path.GetFileName(file)}:{lineNumber}: {error}");
                    continue;
                }

                var gold = Text(obj!["gold"]) ?? Text(obj["answer_gold"]);
                var completion = Text(obj["completion"]) ?? Text(obj["answer"]) ?? Text(obj["pred"]);
                if (gold is null || completion is null)
                {
                    errors.Add($"{Path.GetFileName(file)}:{lineNumber}: expected fields \"gold\" and \"completion\" (or \"answer\")");
                    continue;
                }

                var grade = grader.Grade(gold, completion);
                var before = obj["correct"] is JsonValue v && v.TryGetValue<bool>(out var b) ? b : (bool?)null;
                n++;
                correct += grade.IsCorrect ? 1 : 0;
                unknown += grade.Verdict.Outcome == Outcome.Unknown ? 1 : 0;
                noAnswer += grade.Extracted.Answer is null ? 1 : 0;
                if (before is { } known)
                {
                    storedKnown++;
                    storedCorrect += known ? 1 : 0;
                    if (known != grade.IsCorrect)
                    {
                        changed++;
                        changedRows.Add((Text(obj["id"]) ?? $"line {lineNumber}", known, grade.IsCorrect, gold, grade.Extracted.Answer ?? "", grade.Verdict.Reason));
                    }
                }

                if (writer is not null)
                {
                    obj["previous_correct"] = before;
                    obj["answer"] = grade.Extracted.Answer;
                    obj["correct"] = grade.IsCorrect;
                    obj["verdict"] = new JsonObject
                    {
                        ["outcome"] = grade.Verdict.Outcome.ToString(),
                        ["method"] = grade.Verdict.Method.ToString(),
                        ["reason"] = grade.Verdict.Reason,
                    };
                    await writer.WriteLineAsync(obj.ToJsonString(Json)).ConfigureAwait(false);
                }

                if (n % 2000 == 0)
                {
                    await stderr.WriteLineAsync($"graded {n} samples...").ConfigureAwait(false);
                }
            }
        }
        finally
        {
            if (writer is not null)
            {
                await writer.DisposeAsync().ConfigureAwait(false);
            }
        }

        foreach (var e in errors.Take(20))
        {
            await stderr.WriteLineAsync($"error: {e}").ConfigureAwait(false);
        }

        var table = new Table().AddColumn("file").AddColumn("n").AddColumn("accuracy").AddColumn("stored accuracy")
            .AddColumn("changed verdicts").AddColumn("unknown").AddColumn("no answer").AddColumn("bad lines");
        table.AddRow(
            Markup.Escape(file),
            n.ToString(System.Globalization.CultureInfo.InvariantCulture),
            n == 0 ? "-" : $"{100.0 * correct / n:F2}%",
            storedKnown == 0 ? "-" : $"{100.0 * storedCorrect / storedKnown:F2}%",
            changed.ToString(System.Globalization.CultureInfo.InvariantCulture),
            unknown.ToString(System.Globalization.CultureInfo.InvariantCulture),
            noAnswer.ToString(System.Globalization.CultureInfo.InvariantCulture),
            errors.Count.ToString(System.Globalization.CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
        if (changedRows.Count > 0 && showChanged > 0)
        {
            var detail = new Table().AddColumn("id").AddColumn("stored").AddColumn("now").AddColumn("gold").AddColumn("answer").AddColumn("reason");
            foreach (var row in changedRows.Take(showChanged))
            {
                detail.AddRow(Markup.Escape(row.Id), row.Before?.ToString() ?? "-", row.After.ToString(), Markup.Escape(Clip(row.Gold)), Markup.Escape(Clip(row.Answer)), Markup.Escape(Clip(row.Reason)));
            }

            AnsiConsole.Write(detail);
        }

        return errors.Count > 0 ? ExitCodes.Usage : ExitCodes.Ok;
    }

    private static string Clip(string s) => s.Length <= 60 ? s : s[..57] + "...";

    private static bool TryRead(string line, out JsonObject? obj, out string? error)
    {
        obj = null;
        error = null;
        try
        {
            obj = JsonNode.Parse(line) as JsonObject;
            if (obj is null)
            {
                error = "expected a JSON object";
                return false;
            }

            return true;
        }
        catch (JsonException e)
        {
            error = $"not valid JSON ({e.Message})";
            return false;
        }
    }

    private static string? Text(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };
}
