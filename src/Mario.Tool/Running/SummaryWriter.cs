using System.Globalization;
using System.Text;
using Mario.Eval;
using Mario.Search.Strategies;
using Mario.Tool.Runs;

namespace Mario.Tool.Running;

/// <summary>
/// Builds <c>summary.json</c> (<see cref="RunSummary"/>) and <c>summary.md</c> from the run's samples.jsonl, so a
/// resumed run's summary covers every problem, not only those of the last invocation. docs/run-files.md documents
/// every field.
/// </summary>
public static class SummaryWriter
{
    /// <summary>Builds the summary from the samples file.</summary>
    /// <exception cref="InvalidDataException">A line of samples.jsonl is not a sample line (the message names file, line and field).</exception>
    public static async Task<RunSummary> BuildAsync(RunInfo info, string samplesPath, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(info);
        int n = 0, correct = 0, answered = 0, errors = 0, equivalent = 0, notEquivalent = 0, unknown = 0, calls = 0, sandbox = 0, steps = 0, solutions = 0, valueCalls = 0;
        long promptTokens = 0, generatedTokens = 0;
        double elapsed = 0;
        var methods = new SortedDictionary<string, int>(StringComparer.Ordinal);
        // Why problems ended without an answer: count and the first problem id of each reason, in file order.
        var reasons = new SortedDictionary<string, ReasonCount>(StringComparer.Ordinal);
        // Correct samples per problem (votes of correct candidates), for pass@k, and problems with any correct candidate.
        var correctVotes = new List<int>();
        var covered = 0;
        if (File.Exists(samplesPath))
        {
            var lineNumber = 0;
            await foreach (var text in File.ReadLinesAsync(samplesPath, cancellationToken).ConfigureAwait(false))
            {
                lineNumber++;
                var (line, error) = RunJson.ParseSample(text);
                if (line is null)
                {
                    throw new InvalidDataException($"{samplesPath}:{lineNumber}: {error}");
                }

                n++;
                correct += line.Correct ? 1 : 0;
                answered += line.Answer is not null ? 1 : 0;
                errors += line.Error is not null ? 1 : 0;
                if (line.Verdict is { } verdict)
                {
                    switch (verdict.Outcome)
                    {
                        case Outcome.Equivalent: equivalent++; break;
                        case Outcome.NotEquivalent: notEquivalent++; break;
                        default: unknown++; break;
                    }

                    var method = RunJson.Name(verdict.Method);
                    methods[method] = methods.GetValueOrDefault(method) + 1;
                }

                if (line.NoAnswerReason is { } reason)
                {
                    var name = RunJson.Name(reason);
                    reasons[name] = reasons.TryGetValue(name, out var seen) ? seen with { Count = seen.Count + 1 } : new ReasonCount(1, line.Id);
                }

                correctVotes.Add(line.Candidates.Where(c => c.Correct).Sum(c => c.Votes));
                covered += line.Candidates.Any(c => c.Correct) ? 1 : 0;
                var usage = line.Usage;
                promptTokens += usage.PromptTokens;
                generatedTokens += usage.GeneratedTokens;
                calls += usage.ModelCalls;
                sandbox += usage.SandboxRuns;
                steps += usage.Steps;
                solutions += usage.Solutions;
                valueCalls += usage.ValueCalls;
                elapsed += usage.ElapsedMs;
            }
        }

        var options = info.Options;
        // Every option of the strategy, defaults included, so the summary says exactly what ran.
        var strategyOptions = AllOptions(options);
        var (low, high) = Statistics.Wilson95(correct, n);
        return new RunSummary(
            RunSummary.CurrentSchema,
            new SuiteIdentity(info.Manifest.Id, info.Manifest.Version, info.Manifest.Data.File, info.DataSha256, info.Manifest.Rows),
            info.ModelId,
            info.ValueModelId,
            StrategyNames.Name(options.Strategy),
            info.Solver,
            info.StepFormat,
            info.Sandbox,
            options.UnsafeSandbox,
            new SummaryOptions(
                strategyOptions,
                options.Seed,
                options.Concurrency,
                options.MaxTokens,
                options.Selection.Limit,
                options.Selection.Ids,
                options.Selection.Shard?.ToString(),
                options.DataDir),
            options.Seed,
            new ToolIdentity(ToolInfo.Version, ToolInfo.Commit),
            Timestamp(info.StartedAt),
            Timestamp(info.FinishedAt),
            new SummaryMetrics(
                n,
                info.Selected,
                Math.Max(0, info.Selected - n),
                correct,
                n == 0 ? 0 : Math.Round((double)correct / n, 4),
                Math.Round(Statistics.StandardError(correct, n), 4),
                new Interval("wilson", Math.Round(low, 4), Math.Round(high, 4)),
                answered,
                n - answered - errors,
                errors,
                new OutcomeCounts(equivalent, notEquivalent, unknown),
                methods,
                reasons,
                n == 0 ? 0 : Math.Round((double)covered / n, 4),
                PassAtK(options.Strategy, strategyOptions, correctVotes)),
            info.Warnings ?? [],
            new SummaryUsage(promptTokens, generatedTokens, calls, sandbox, steps, solutions, valueCalls,
                Math.Round(elapsed, 1), n == 0 ? 0 : Math.Round(elapsed / n, 1)),
            info.ModelSha256,
            info.ValueModelSha256,
            info.Server);
    }

    /// <summary>Writes summary.json and summary.md into the run folder.</summary>
    public static async Task WriteAsync(RunDirectory run, RunSummary summary, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        await File.WriteAllTextAsync(run.SummaryJson, RunJson.Serialize(summary), RunJson.Utf8, cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(run.SummaryMarkdown, Markdown(summary), RunJson.Utf8, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One line when more than a fifth of the problems ended without an answer (errors included): how many, the
    /// commonest reason and a problem to look at; null otherwise.
    /// </summary>
    public static string? Diagnosis(RunSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var metrics = summary.Metrics;
        var without = metrics.N - metrics.Answered;
        if (metrics.N == 0 || without * 5 <= metrics.N || metrics.NoAnswerReasons.Count == 0)
        {
            return null;
        }

        var (name, detail) = metrics.NoAnswerReasons.OrderByDescending(r => r.Value.Count).ThenBy(r => r.Key, StringComparer.Ordinal).First();
        var hint = name switch
        {
            "format-mismatch" => "the model wrote steps that are neither code nor a final answer in the step format (when that is nearly every step, the model expects another --step-format: tagged, react, rstar, plain)",
            "context-overflow" => "the prompt with its few-shots does not fit the model's context window; use a model with a longer context or a shorter prompt",
            "token-budget" => "steps ran out of --max-tokens before a stop sequence",
            "max-depth" => "branches reached the depth limit; raise the strategy's depth option",
            "code-errors" => "code steps kept failing in the sandbox",
            "error" => "solving failed with an error; see the sample line's error",
            _ => "the search ended before any branch finished",
        };
        return $"{without} of {metrics.N} problems ended without an answer, most often {name} ({detail.Count}): {hint}; look at problem {detail.Example} in samples.jsonl";
    }

    /// <summary>The human-readable summary.</summary>
    public static string Markdown(RunSummary s)
    {
        ArgumentNullException.ThrowIfNull(s);
        var metrics = s.Metrics;
        var usage = s.Usage;
        var b = new StringBuilder();
        b.Append("# mario eval: ").Append(s.Suite.Id).Append(" / ").Append(s.Strategy).Append("\n\n");
        foreach (var warning in s.Warnings)
        {
            b.Append("> warning: ").Append(warning).Append("\n\n");
        }

        if (Diagnosis(s) is { } diagnosis)
        {
            b.Append("> ").Append(diagnosis).Append("\n\n");
        }

        b.Append("| metric | value |\n|---|---|\n");
        b.Append("| accuracy | ").Append(metrics.Accuracy.ToString("P1", CultureInfo.InvariantCulture))
            .Append(" (").Append(metrics.Correct).Append('/').Append(metrics.N).Append(") |\n");
        b.Append("| 95% interval (Wilson) | ").Append(metrics.Ci95.Low.ToString("P1", CultureInfo.InvariantCulture)).Append(" to ")
            .Append(metrics.Ci95.High.ToString("P1", CultureInfo.InvariantCulture)).Append(" |\n");
        b.Append("| standard error | ").Append(metrics.StandardError.ToString("0.0000", CultureInfo.InvariantCulture)).Append(" |\n");
        b.Append("| coverage (some candidate correct) | ").Append(metrics.Coverage.ToString("P1", CultureInfo.InvariantCulture)).Append(" |\n");
        foreach (var (k, value) in metrics.PassAtK ?? new Dictionary<string, double>())
        {
            b.Append("| pass@").Append(k).Append(" | ").Append(value.ToString("P1", CultureInfo.InvariantCulture)).Append(" |\n");
        }

        foreach (var (key, value) in new (string, int)[] { ("selected", metrics.Selected), ("missing", metrics.Missing), ("answered", metrics.Answered), ("noAnswer", metrics.NoAnswer), ("errors", metrics.Errors) })
        {
            b.Append("| ").Append(key).Append(" | ").Append(value.ToString(CultureInfo.InvariantCulture)).Append(" |\n");
        }

        foreach (var (key, value) in new (string, double)[]
        {
            ("promptTokens", usage.PromptTokens), ("generatedTokens", usage.GeneratedTokens), ("modelCalls", usage.ModelCalls),
            ("sandboxRuns", usage.SandboxRuns), ("steps", usage.Steps), ("solutions", usage.Solutions), ("valueCalls", usage.ValueCalls),
            ("meanElapsedMs", usage.MeanElapsedMs),
        })
        {
            b.Append("| ").Append(key).Append(" | ").Append(value.ToString(CultureInfo.InvariantCulture)).Append(" |\n");
        }

        b.Append('\n').Append("| setting | value |\n|---|---|\n");
        b.Append("| suite | ").Append(s.Suite.Id).Append(" v").Append(s.Suite.Version).Append(" (sha256 ").Append(s.Suite.DataSha256).Append(") |\n");
        b.Append("| model | ").Append(s.Model).Append(s.ModelSha256 is { } m ? $" (sha256 {m})" : "").Append(" |\n");
        b.Append("| value model | ").Append(s.ValueModel ?? "none").Append(s.ValueModelSha256 is { } v ? $" (sha256 {v})" : "").Append(" |\n");
        b.Append("| strategy | ").Append(s.Strategy).Append(" |\n");
        b.Append("| seed | ").Append(s.Seed).Append(" |\n");
        b.Append("| options | `").Append(string.Join(", ", s.Options.Strategy.Select(p => $"{p.Key}={p.Value}"))).Append("` |\n");
        b.Append("| tool | ").Append(s.Tool.Version).Append(" (").Append(s.Tool.Commit).Append(") |\n");
        b.Append("| started / finished | ").Append(s.StartedAt).Append(" / ").Append(s.FinishedAt).Append(" |\n");
        return b.ToString();
    }

    /// <summary>
    /// pass@k for k = 1..samples when the strategy draws <c>samples</c> independent solutions per problem (maj, bon);
    /// each problem has exactly that many samples, of which the correct candidates' votes are correct.
    /// </summary>
    private static SortedDictionary<string, string> AllOptions(EvalOptions options)
    {
        var (resolved, _) = StrategyFactory.ParseOptions(options.Strategy, options.StrategyOptions);
        var pairs = resolved?.Describe() ?? options.StrategyOptions.ToList();
        return new SortedDictionary<string, string>(pairs.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
    }

    private static SortedDictionary<string, double>? PassAtK(StrategyKind strategy, IReadOnlyDictionary<string, string> strategyOptions, IReadOnlyList<int> correctVotes)
    {
        if (strategy is not (StrategyKind.Majority or StrategyKind.BestOfN) || correctVotes.Count == 0
            || !strategyOptions.TryGetValue("samples", out var text) || !int.TryParse(text, CultureInfo.InvariantCulture, out var samples) || samples < 1)
        {
            return null;
        }

        var result = new SortedDictionary<string, double>(Comparer<string>.Create((a, b) => int.Parse(a, CultureInfo.InvariantCulture).CompareTo(int.Parse(b, CultureInfo.InvariantCulture))));
        var problems = correctVotes.Select(c => (samples, Math.Min(c, samples))).ToList();
        for (var k = 1; k <= samples; k++)
        {
            result[k.ToString(CultureInfo.InvariantCulture)] = Math.Round(Mario.Eval.Scoring.Metrics.MeanPassAtK(problems, k), 4);
        }

        return result;
    }

    private static string Timestamp(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
