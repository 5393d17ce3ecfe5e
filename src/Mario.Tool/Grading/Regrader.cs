using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mario.Eval;
using Mario.Tool.Cli;
using Mario.Tool.Reporting;
using Mario.Tool.Runs;
using Spectre.Console;

namespace Mario.Tool.Grading;

/// <summary>
/// Re-grades a sample file (mario's, lm-evaluation-harness's or Qwen2.5-Math's) with mario's checker and compares
/// the verdicts with the file's own. Reads line by line; a file whose first line has none of the mapped fields is
/// refused with one error line.
/// </summary>
public static class Regrader
{
    private const int MaxReportedErrors = 20;
    private static readonly JsonSerializerOptions LineJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Runs <paramref name="request"/>; writes the report to <paramref name="stdout"/> and errors to <paramref name="stderr"/>. Returns the exit code.</summary>
    public static async Task<int> RunAsync(GradeRequest request, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(stdout);
        ArgumentNullException.ThrowIfNull(stderr);
        var file = Directory.Exists(request.Path) ? Path.Combine(request.Path, "samples.jsonl") : request.Path;
        if (!File.Exists(file))
        {
            await stderr.WriteLineAsync($"error: {file}: not found (expected a run folder with samples.jsonl, or a JSONL file of samples)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var name = Path.GetFileName(file);
        var lines = File.ReadLinesAsync(file, Encoding.UTF8, cancellationToken);
        var context = new Context(request, name);
        StreamWriter? writer = null;
        try
        {
            var lineNumber = 0;
            await foreach (var line in lines.ConfigureAwait(false))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var (obj, parseError) = Parse(line);
                if (obj is null)
                {
                    if (context.Mapping is null)
                    {
                        await stderr.WriteLineAsync($"error: {name}:{lineNumber}: {parseError}").ConfigureAwait(false);
                        return ExitCodes.Usage;
                    }

                    context.Errors.Add($"{name}:{lineNumber}: {parseError}");
                    continue;
                }

                if (context.Mapping is null && await context.ChooseMappingAsync(obj, stderr).ConfigureAwait(false) is { } setupError)
                {
                    await stderr.WriteLineAsync("error: " + setupError).ConfigureAwait(false);
                    return ExitCodes.Usage;
                }

                var (items, readError) = context.RecordedPrediction(line)
                    ?? GradeLineReader.Read(obj, context.Mapping!, GradeInputFormats.Name(context.Format), lineNumber);
                if (items is null)
                {
                    if (context.Tally.Samples == 0 && context.Errors.Count == 0)
                    {
                        // The first sample line has none of the fields: the file is not in this format; one line says so.
                        await stderr.WriteLineAsync($"error: {name}:{lineNumber}: {readError}").ConfigureAwait(false);
                        return ExitCodes.Usage;
                    }

                    context.Errors.Add($"{name}:{lineNumber}: {readError}");
                    continue;
                }

                var grades = items.Select(context.GradeOne).ToList();
                if (request.Output is not null)
                {
                    writer ??= new StreamWriter(request.Output.FullName, append: false, new UTF8Encoding(false));
                    await writer.WriteLineAsync(Annotate(obj, context.Format, grades).ToJsonString(LineJson)).ConfigureAwait(false);
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

        foreach (var error in context.Errors.Take(MaxReportedErrors))
        {
            await stderr.WriteLineAsync("error: " + error).ConfigureAwait(false);
        }

        if (context.Errors.Count > MaxReportedErrors)
        {
            await stderr.WriteLineAsync($"error: {name}: {context.Errors.Count - MaxReportedErrors} more bad lines not shown").ConfigureAwait(false);
        }

        if (request.Format == OutputFormat.Json)
        {
            await stdout.WriteLineAsync(JsonSerializer.Serialize(context.ToJson(file), GradeJsonContext.Default.GradeReportJson)).ConfigureAwait(false);
        }
        else
        {
            // The heading goes to the writer itself: the console would wrap a long path.
            await stdout.WriteLineAsync($"{file}: input format {GradeInputFormats.Name(context.Format)}{(context.Detected ? " (detected)" : "")}").ConfigureAwait(false);
            WriteTables(Terminal.Create(stdout), context);
        }

        return context.Errors.Count > 0 ? ExitCodes.Usage : ExitCodes.Ok;
    }

    private static (JsonObject? Object, string? Error) Parse(string line)
    {
        try
        {
            return JsonNode.Parse(line) is JsonObject obj ? (obj, null) : (null, "expected a JSON object");
        }
        catch (JsonException e)
        {
            return (null, $"not valid JSON ({e.Message})");
        }
    }

    /// <summary>mario's lines keep their schema (answer, correct, verdict replaced); foreign lines gain a mario_grades list.</summary>
    private static JsonObject Annotate(JsonObject obj, GradeInputFormat format, List<(GradeItem Item, Grade Grade)> grades)
    {
        if (format == GradeInputFormat.Mario && grades.Count == 1)
        {
            var (item, grade) = grades[0];
            obj["previous_correct"] = item.FileCorrect;
            obj["answer"] = grade.Extracted.Answer;
            obj["correct"] = grade.IsCorrect;
            obj["verdict"] = Verdict(grade);
            return obj;
        }

        var list = new JsonArray();
        foreach (var (item, grade) in grades)
        {
            list.Add(new JsonObject
            {
                ["element"] = item.Element,
                ["answer"] = grade.Extracted.Answer,
                ["correct"] = grade.IsCorrect,
                ["file_correct"] = item.FileCorrect,
                ["verdict"] = Verdict(grade),
            });
        }

        obj["mario_grades"] = list;
        return obj;
    }

    private static JsonObject Verdict(Grade grade) => new()
    {
        ["outcome"] = RunJson.Name(grade.Verdict.Outcome),
        ["method"] = RunJson.Name(grade.Verdict.Method),
        ["reason"] = grade.Verdict.Reason,
    };

    private static void WriteTables(IAnsiConsole console, Context context)
    {
        var tally = context.Tally;
        var summary = new Table().AddColumns("samples", "mario accuracy", "file's accuracy", "agree", "disagree", "unknown", "no answer", "bad lines");
        summary.AddRow(
            Count(tally.Samples),
            Percent(tally.MarioCorrect, tally.Samples),
            Percent(tally.FileCorrect, tally.FileKnown),
            tally.FileKnown == 0 ? "-" : Count(tally.FileKnown - tally.Disagree),
            tally.FileKnown == 0 ? "-" : Count(tally.Disagree),
            Count(tally.Unknown),
            Count(tally.NoAnswer),
            Count(context.Errors.Count));
        console.Write(summary);
        if (tally.FileKnown > 0)
        {
            var agreement = new Table().AddColumns("file's verdict", "mario: correct", "mario: wrong");
            agreement.AddRow("correct", Count(tally.BothCorrect), Count(tally.FileOnlyCorrect));
            agreement.AddRow("wrong", Count(tally.MarioOnlyCorrect), Count(tally.BothWrong));
            console.Write(agreement);
        }

        if (tally.NoFileVerdict > 0)
        {
            console.WriteLine($"{tally.NoFileVerdict} samples have no verdict of the file's own (field {context.Mapping?.Describe(FieldRole.Verdict) ?? "-"})");
        }

        if (tally.Disagreements.Count > 0)
        {
            var detail = new Table().AddColumns("id", "file", "mario", "gold", "mario's answer", "reason");
            foreach (var row in tally.Disagreements)
            {
                detail.AddRow(Markup.Escape(row.Id), Correct(row.FileCorrect), Correct(row.MarioCorrect), Markup.Escape(Clip(row.Gold)), Markup.Escape(Clip(row.Answer)), Markup.Escape(Clip(row.Reason)));
            }

            console.Write(detail);
        }
    }

    private static string Correct(bool correct) => correct ? "correct" : "wrong";

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Percent(int part, int whole) => whole == 0 ? "-" : (100.0 * part / whole).ToString("F2", CultureInfo.InvariantCulture) + "%";

    private static string Clip(string s)
    {
        var flat = s.ReplaceLineEndings(" ");
        return flat.Length <= 60 ? flat : flat[..57] + "...";
    }

    /// <summary>The state of one grading pass.</summary>
    private sealed class Context(GradeRequest request, string fileName)
    {
        private readonly AnswerGrader _grader = new(new EquivalenceChecker(), request.Style, Eval.Answers.ExtractionStyle.Auto);

        // mario's own lines: the prediction eval extracted (with the same Mario.Eval extractor, through the step
        // format) is graded as it stands, so eval and grade cannot disagree about what the answer was.
        private readonly AnswerGrader _recorded = new(new EquivalenceChecker(), Eval.Answers.ExtractionStyle.Whole, Eval.Answers.ExtractionStyle.Whole);

        public VerdictTally Tally { get; } = new(request.ShowChanged);

        public List<string> Errors { get; } = [];

        public FieldMapping? Mapping { get; private set; }

        public GradeInputFormat Format { get; private set; }

        public bool Detected { get; private set; }

        /// <summary>Picks the format (given or detected from <paramref name="first"/>) and applies --field; returns an error line or null.</summary>
        public async Task<string?> ChooseMappingAsync(JsonObject first, TextWriter stderr)
        {
            if (request.InputFormat is { } given)
            {
                Format = given;
            }
            else
            {
                var (format, evidence) = GradeInputDetector.Detect(first);
                Format = format;
                Detected = true;
                await stderr.WriteLineAsync($"input format: {GradeInputFormats.Name(format)} (detected from {evidence}; set it with --input-format)").ConfigureAwait(false);
            }

            var (mapping, error) = FieldMapping.For(Format).Override(request.Fields ?? []);
            Mapping = mapping;
            return error is null ? null : $"{fileName}: {error}";
        }

        /// <summary>
        /// For a mario run's own sample line (format mario, no --field override): its recorded prediction as the one
        /// item to grade, an empty completion when eval found no answer; null for any other line.
        /// </summary>
        public (IReadOnlyList<GradeItem>? Items, string? Error)? RecordedPrediction(string text)
        {
            if (Format != GradeInputFormat.Mario || request.Fields is { Count: > 0 } || RunJson.ParseSample(text).Line is not { } sample)
            {
                return null;
            }

            return ([new GradeItem(sample.Id, sample.Gold, sample.Answer ?? "", sample.Correct, 0, Recorded: true)], null);
        }

        public (GradeItem Item, Grade Grade) GradeOne(GradeItem item)
        {
            var (gold, grade) = (item.Recorded ? _recorded : _grader).GradeWithGold(item.Gold, item.Completion);
            Tally.Add(item, grade.IsCorrect, grade.Verdict.Outcome == Outcome.Unknown, grade.Extracted.Answer is null, gold, grade.Extracted.Answer ?? "", grade.Verdict.Reason);
            return (item, grade);
        }

        public GradeReportJson ToJson(string file)
        {
            var t = Tally;
            var fields = Enum.GetValues<FieldRole>().ToDictionary(r => r.ToString().ToLowerInvariant(), r => Mapping?.Describe(r) ?? "");
            return new GradeReportJson(
                1, file, GradeInputFormats.Name(Format), Detected, fields,
                t.Samples, t.MarioCorrect, t.Samples == 0 ? null : (double)t.MarioCorrect / t.Samples,
                t.FileKnown, t.FileCorrect, t.FileKnown == 0 ? null : (double)t.FileCorrect / t.FileKnown,
                new GradeAgreementJson(t.BothCorrect, t.FileOnlyCorrect, t.MarioOnlyCorrect, t.BothWrong, t.NoFileVerdict),
                t.Unknown, t.NoAnswer, Errors.Count, t.Disagreements);
        }
    }
}
