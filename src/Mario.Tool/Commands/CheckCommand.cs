using System.CommandLine;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mario.Eval;
using Mario.Eval.Answers;
using Mario.Tool.Cli;
using Mario.Tool.Reporting;
using Mario.Tool.Runs;
using Spectre.Console;

namespace Mario.Tool.Commands;

/// <summary><c>mario check GOLD PRED</c> and <c>mario check --pairs FILE.jsonl</c>: the answer checker from the command line.</summary>
public static class CheckCommand
{
    private static readonly Argument<string?> Gold = new("gold") { Description = "Gold answer (LaTeX or plain text; a whole solution is extracted first).", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Argument<string?> Predicted = new("pred") { Description = "Predicted answer or a whole completion.", Arity = ArgumentArity.ZeroOrOne };
    private static readonly Option<FileInfo?> Pairs = new("--pairs") { Description = "JSONL file with lines {\"gold\": ..., \"pred\": ...}; writes one JSON verdict per line to stdout." };
    private static readonly Option<bool> FailFast = new("--fail-fast") { Description = "With --pairs: stop at the first malformed line instead of reporting it and going on." };
    private static readonly JsonSerializerOptions Json = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly Option<ExtractionStyle> Style = new("--extract") { Description = "Extraction applied to both sides (default auto: boxed, final-answer line, answer phrase, ####, last math).", DefaultValueFactory = _ => ExtractionStyle.Auto };
    private static readonly Option<OutputFormat> Format = new("--format") { Description = "table (default) or json (one document, schema in README); --pairs always writes JSON lines.", DefaultValueFactory = _ => OutputFormat.Table };

    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var command = new Command(
            "check",
            """
            Check whether two math answers are equivalent, and say why (method and reason).
            Exit 0 when equivalent, 1 when not (unknown counts as not), 2 on bad input. With --pairs: exit 0 when
            every line was checked, whatever the verdicts; 2 when a line is malformed.

            Examples:
              dotnet mario check '\frac{1}{2}' '0.5'
              dotnet mario check '(1,2)' '(2,1)'                      ordered tuples differ
              dotnet mario check '\frac{1}{2004!}' '\frac{1}{2006!}'
              dotnet mario check '0.5' '1/2' --format json           one JSON document (equivalent, outcome, method, ...)
              dotnet mario check --pairs cases.jsonl > verdicts.jsonl  one verdict per input line; summary on stderr
            """);
        command.Arguments.Add(Gold);
        command.Arguments.Add(Predicted);
        command.Options.Add(Pairs);
        command.Options.Add(FailFast);
        command.Options.Add(Style);
        command.Options.Add(Format);
        command.SetAction(async (ParseResult r, CancellationToken ct) =>
        {
            var stdout = r.InvocationConfiguration.Output;
            var stderr = r.InvocationConfiguration.Error;
            var pairs = r.GetValue(Pairs);
            var gold = r.GetValue(Gold);
            var pred = r.GetValue(Predicted);
            var style = r.GetValue(Style);
            if (pairs is not null)
            {
                if (gold is not null || pred is not null)
                {
                    return Usage(stderr, "give either GOLD PRED or --pairs FILE, not both");
                }

                return await RunPairsAsync(pairs, style, r.GetValue(FailFast), stdout, stderr, ct).ConfigureAwait(false);
            }

            if (gold is null || pred is null)
            {
                return Usage(stderr, "expected two answers (GOLD PRED) or --pairs FILE");
            }

            return RunOne(gold, pred, style, r.GetValue(Format), stdout);
        });
        return command;
    }

    private static int Usage(TextWriter stderr, string message)
    {
        stderr.WriteLine($"error: {message} (example: dotnet mario check '\\frac{{1}}{{2}}' '0.5'   or   dotnet mario check --pairs cases.jsonl)");
        return ExitCodes.Usage;
    }

    /// <summary>Checks one pair and prints the verdict as a table or JSON; returns 0 when equivalent, 1 when not. Public for tests.</summary>
    public static int RunOne(string gold, string pred, ExtractionStyle style, OutputFormat format, TextWriter stdout)
    {
        var grader = new AnswerGrader(new EquivalenceChecker(), style, style);
        var g = AnswerExtractor.Extract(gold, style);
        var (goldAnswer, grade) = grader.GradeWithGold(gold, pred);
        var verdict = grade.Verdict;
        var exit = verdict.IsEquivalent ? ExitCodes.Ok : ExitCodes.NotEquivalent;
        if (format == OutputFormat.Json)
        {
            var json = new CheckVerdictJson(
                1, verdict.IsEquivalent, RunJson.Name(verdict.Outcome), RunJson.Name(verdict.Method), verdict.Reason,
                goldAnswer, RunJson.Name(g.Rule), grade.Extracted.Answer ?? "", RunJson.Name(grade.Extracted.Rule));
            stdout.WriteLine(JsonSerializer.Serialize(json, CliJsonContext.Default.CheckVerdictJson));
            return exit;
        }

        var table = new Table().AddColumn("field").AddColumn("value");
        table.AddRow("gold answer", Markup.Escape($"{goldAnswer}  ({g.Rule})"));
        table.AddRow("pred answer", Markup.Escape($"{grade.Extracted.Answer ?? ""}  ({grade.Extracted.Rule})"));
        table.AddRow("verdict", RunJson.Name(verdict.Outcome));
        table.AddRow("method", RunJson.Name(verdict.Method));
        table.AddRow("reason", Markup.Escape(verdict.Reason));
        Reporting.Terminal.Create(stdout).Write(table);
        return exit;
    }


    /// <summary>Processes a pairs file; public for tests. Returns the exit code.</summary>
    public static async Task<int> RunPairsAsync(
        FileInfo file, ExtractionStyle style, bool failFast, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Exists)
        {
            await stderr.WriteLineAsync($"error: {file.FullName}: file not found (expected a JSONL file of {{\"gold\": ..., \"pred\": ...}} lines)").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var grader = new AnswerGrader(new EquivalenceChecker(), style, style);
        int n = 0, equivalent = 0, unknown = 0, malformed = 0, lineNumber = 0;
        var methods = new Dictionary<string, int>(StringComparer.Ordinal);
        using var reader = new StreamReader(file.FullName, Encoding.UTF8);
        var sb = new StringBuilder();
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            lineNumber++;
            var (gold, pred, error) = ReadPair(line);
            if (error is not null)
            {
                malformed++;
                var where = $"{file.Name}:{lineNumber}: {error}";
                await stderr.WriteLineAsync($"error: {where}").ConfigureAwait(false);
                var errorLine = new JsonObject { ["equivalent"] = false, ["method"] = "error", ["error"] = where };
                await stdout.WriteLineAsync(errorLine.ToJsonString(Json)).ConfigureAwait(false);
                if (failFast)
                {
                    return ExitCodes.Usage;
                }

                continue;
            }

            var (g, grade) = grader.GradeWithGold(gold!, pred!);
            var p = grade.Extracted.Answer ?? string.Empty;
            var verdict = grade.Verdict;
            n++;
            equivalent += verdict.IsEquivalent ? 1 : 0;
            unknown += verdict.Outcome == Outcome.Unknown ? 1 : 0;
            var method = RunJson.Name(verdict.Method);
            methods[method] = methods.GetValueOrDefault(method) + 1;
            var output = new JsonObject
            {
                ["equivalent"] = verdict.IsEquivalent,
                ["method"] = method,
                ["gold_answer"] = g,
                ["pred_answer"] = p,
                ["outcome"] = RunJson.Name(verdict.Outcome),
                ["reason"] = verdict.Reason,
            };
            sb.Clear();
            sb.Append(output.ToJsonString(Json));
            await stdout.WriteLineAsync(sb.ToString()).ConfigureAwait(false);
        }

        await stderr.WriteLineAsync(
            $"checked {n} pairs: {equivalent} equivalent, {n - equivalent - unknown} not equivalent, {unknown} unknown (counted as not equivalent), {malformed} malformed lines; "
            + $"methods: {string.Join(", ", methods.OrderByDescending(kv => kv.Value).Select(kv => $"{kv.Key} {kv.Value}"))}").ConfigureAwait(false);
        return malformed > 0 ? ExitCodes.Usage : ExitCodes.Ok;
    }

    private static (string? Gold, string? Pred, string? Error) ReadPair(string line)
    {
        if (string.IsNullOrWhiteSpace(line))
        {
            return (null, null, "empty line (expected {\"gold\": ..., \"pred\": ...})");
        }

        JsonNode? node;
        try
        {
            node = JsonNode.Parse(line);
        }
        catch (JsonException e)
        {
            return (null, null, $"not valid JSON ({e.Message})");
        }

        if (node is not JsonObject obj)
        {
            return (null, null, "expected a JSON object with \"gold\" and \"pred\"");
        }

        string? gold, pred;
        try
        {
            gold = AsText(obj["gold"]);
            pred = AsText(obj["pred"] ?? obj["predicted"] ?? obj["completion"] ?? obj["answer"]);
        }
        catch (InvalidOperationException e)
        {
            // "\ud800": an escaped lone surrogate is valid JSON but not text; this line gets an error, the rest verdicts.
            return (null, null, $"a field is not valid UTF-16 text ({e.Message}); expected strings of Unicode characters");
        }
        if (gold is null)
        {
            return (null, null, "missing field \"gold\" (a string or number)");
        }

        if (pred is null)
        {
            return (null, null, "missing field \"pred\" (a string or number)");
        }

        return (gold, pred, null);
    }

    private static string? AsText(JsonNode? node) => node switch
    {
        null => null,
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonValue v => v.ToJsonString(),
        _ => null,
    };
}
