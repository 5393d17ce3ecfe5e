using System.CommandLine;
using System.Text;
using System.Text.Json;
using Mario.Eval;
using Mario.Search;
using Mario.Search.Export;
using Mario.Search.Tree;
using Mario.Tool.Cli;
using Mario.Tool.Runs;
using Spectre.Console;

namespace Mario.Tool.Commands;

/// <summary>
/// <c>mario export --format alphamath|rstar-ppm|math-shepherd|sft RUN_DIR</c>: training data from the trees saved in
/// <c>RUN_DIR/samples.jsonl</c> (lines with <c>id</c>, <c>gold</c> and an optional <c>tree</c>). Schemas: docs/search.md.
/// </summary>
public static class ExportCommand
{
    private static readonly Dictionary<string, ExportFormat> Formats = new(StringComparer.Ordinal)
    {
        ["alphamath"] = ExportFormat.AlphaMath,
        ["rstar-ppm"] = ExportFormat.RStarPpm,
        ["math-shepherd"] = ExportFormat.MathShepherd,
        ["sft"] = ExportFormat.Sft,
    };

    /// <summary>Builds the command.</summary>
    /// <param name="checker">
    /// Grades answers whose tree node carries no recorded verdict (search records one whenever it knew the gold
    /// answer); when null such answers are left out and counted as ungraded.
    /// </param>
    public static Command Create(IEquivalenceChecker? checker = null)
    {
        var defaults = new ExportOptions();
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: alphamath (value targets), rstar-ppm (preference pairs), math-shepherd (step labels), sft.",
            Required = true,
        };
        format.AcceptOnlyFromAmong([.. Formats.Keys]);
        var output = new Option<string?>("--output", "-o") { Description = "Output JSONL file (default RUN_DIR/export-<format>.jsonl)." };
        var maxCorrect = new Option<int>("--max-correct") { Description = "alphamath: correct paths per tree.", DefaultValueFactory = _ => defaults.MaxCorrectPaths };
        var maxWrong = new Option<int>("--max-wrong") { Description = "alphamath: wrong or invalid paths per tree.", DefaultValueFactory = _ => defaults.MaxWrongPaths };
        var sftPaths = new Option<int>("--sft-paths") { Description = "sft: best correct paths per tree.", DefaultValueFactory = _ => defaults.SftPaths };
        var minMargin = new Option<double>("--min-margin") { Description = "rstar-ppm: minimum Q(chosen) - Q(rejected).", DefaultValueFactory = _ => defaults.MinStepMargin };
        var minEdit = new Option<int>("--min-edit-distance") { Description = "rstar-ppm: minimum character edit distance of a pair.", DefaultValueFactory = _ => defaults.MinEditDistance };
        var runDir = new Argument<string>("RUN_DIR") { Description = "A run folder holding samples.jsonl (written by `mario eval`)." };

        var command = new Command(
            "export",
            """
            Extract training data from the search trees saved in RUN_DIR/samples.jsonl.

            Examples:
              dotnet mario export --format alphamath runs/mcts-gsm8k          value-head Q targets
              dotnet mario export --format rstar-ppm --min-margin 0.6 runs/r1   preference pairs
              dotnet mario export -f sft -o sft.jsonl runs/mcts-gsm8k         best correct paths
            """);
        command.Options.Add(format);
        command.Options.Add(output);
        command.Options.Add(maxCorrect);
        command.Options.Add(maxWrong);
        command.Options.Add(sftPaths);
        command.Options.Add(minMargin);
        command.Options.Add(minEdit);
        command.Arguments.Add(runDir);
        command.SetAction(async (ParseResult result, CancellationToken cancellationToken) =>
        {
            var options = new ExportOptions(
                result.GetValue(maxCorrect), result.GetValue(maxWrong), result.GetValue(sftPaths), result.GetValue(minMargin), result.GetValue(minEdit));
            var errors = options.Validate();
            if (errors.Count > 0)
            {
                await Console.Error.WriteLineAsync(
                    $"error: --{errors[0].Option} {errors[0].Message}\nexample: dotnet mario export --format rstar-ppm --min-margin 0.5 runs/r1").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var chosen = Formats[result.GetValue(format)!];
            var dir = result.GetValue(runDir)!;
            var target = result.GetValue(output) ?? Path.Combine(dir, $"export-{result.GetValue(format)}.jsonl");
            return await RunAsync(chosen, dir, target, options, checker, cancellationToken).ConfigureAwait(false);
        });
        return command;
    }

    /// <summary>Exports every tree of <paramref name="runDir"/>; returns the exit code.</summary>
    internal static async Task<int> RunAsync(
        ExportFormat format, string runDir, string target, ExportOptions options, IEquivalenceChecker? checker, CancellationToken cancellationToken)
    {
        var samples = Path.Combine(runDir, "samples.jsonl");
        if (!File.Exists(samples))
        {
            await Console.Error.WriteLineAsync($"error: {samples} does not exist; RUN_DIR must be a folder written by `dotnet mario eval`.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        var stats = new ExportStats();
        var lines = new List<string>();
        using (var reader = new StreamReader(samples, Encoding.UTF8))
        {
            var lineNumber = 0;
            while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                var error = Read(line, format, options, checker, stats, lines);
                if (error is not null)
                {
                    await Console.Error.WriteLineAsync($"error: {samples} line {lineNumber}: {error}").ConfigureAwait(false);
                    return ExitCodes.Usage;
                }
            }
        }

        var directory = Path.GetDirectoryName(Path.GetFullPath(target));
        if (directory is not null)
        {
            Directory.CreateDirectory(directory);
        }

        await File.WriteAllTextAsync(target, lines.Count == 0 ? "" : string.Join("\n", lines) + "\n", new UTF8Encoding(false), cancellationToken)
            .ConfigureAwait(false);

        var table = new Table().AddColumns("format", "problems", "trees", "ungraded answers", "lines", "output");
        table.AddRow(format.ToString(), stats.Problems.ToString(), stats.Trees.ToString(), stats.Ungraded.ToString(), lines.Count.ToString(), Markup.Escape(target));
        // Plain when piped (no colours, no wrapping), like every results table.
        Reporting.Terminal.Create(Console.Out).Write(table);
        return ExitCodes.Ok;
    }

    private static string? Read(string line, ExportFormat format, ExportOptions options, IEquivalenceChecker? checker, ExportStats stats, List<string> lines)
    {
        // A mario samples.jsonl line, read through the one typed model of run files.
        var (sample, error) = RunJson.ParseSample(line);
        if (sample is null)
        {
            return error;
        }

        stats.Problems++;
        if (sample.Tree is not { ValueKind: not JsonValueKind.Null } treeElement)
        {
            return null;
        }

        var parsed = TreeDump.Parse(treeElement);
        if (parsed.Dump is not { } dump)
        {
            return $"field tree: {parsed.Error}";
        }

        stats.Trees++;
        // Eval writes an empty gold for a problem without one.
        var gold = sample.Gold is { Length: > 0 } known ? known : null;
        var canGrade = (dump.Gold ?? gold) is not null && checker is not null;
        if (!canGrade)
        {
            stats.Ungraded += dump.Nodes.Count(n => n.Terminal == TerminalReason.Answered && n.Correct is null);
        }

        lines.AddRange(TrainingExport.Lines(format, dump, options, gold, checker));
        return null;
    }

    private sealed class ExportStats
    {
        public int Problems { get; set; }

        public int Trees { get; set; }

        public int Ungraded { get; set; }
    }
}
