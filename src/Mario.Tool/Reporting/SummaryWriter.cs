using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Mario.Tool.Running;

namespace Mario.Tool.Reporting;

/// <summary>
/// Writes <c>summary.json</c> and <c>summary.md</c> from the run's samples.jsonl (so a resumed run's summary
/// covers every problem, not only those of the last invocation).
/// <para>summary.json fields: <c>schema</c> (1); <c>suite</c> {id, version, dataFile, dataSha256, rows};
/// <c>model</c>; <c>valueModel</c> (or null); <c>strategy</c>; <c>solver</c>; <c>options</c> {samples, seed,
/// concurrency, maxTokens, limit, ids, shard, dataDir}; <c>seed</c>; <c>tool</c> {version, commit};
/// <c>startedAt</c>, <c>finishedAt</c> (ISO 8601 UTC); <c>metrics</c> {n, selected, missing, correct, accuracy
/// (correct / n, 0 when n is 0, 4 decimals), standardError (sqrt(p(1-p)/(n-1)), lm-evaluation-harness's),
/// ci95 {method "wilson", low, high}, answered, noAnswer, errors, outcomes {equivalent, notEquivalent,
/// unknown}, methods {name: count}, noAnswerReasons {reason: {count, example}}}; <c>warnings</c> (said before the
/// run); <c>usage</c> {promptTokens, generatedTokens, modelCalls, sandboxRuns,
/// steps, solutions, valueCalls, elapsedMs (sum), meanElapsedMs}.</para>
/// </summary>
public static class SummaryWriter
{
    /// <summary>Builds the summary object from the samples file.</summary>
    public static async Task<JsonObject> BuildAsync(RunInfo info, string samplesPath, CancellationToken cancellationToken)
    {
        int n = 0, correct = 0, answered = 0, errors = 0, equivalent = 0, notEquivalent = 0, unknown = 0, calls = 0, sandbox = 0, steps = 0, solutions = 0, valueCalls = 0;
        long promptTokens = 0, generatedTokens = 0;
        double elapsed = 0;
        var methods = new SortedDictionary<string, int>(StringComparer.Ordinal);
        // Why problems ended without an answer: count and the first problem id of each reason, in file order.
        var reasons = new SortedDictionary<string, (int Count, string FirstId)>(StringComparer.Ordinal);
        if (File.Exists(samplesPath))
        {
            await foreach (var line in File.ReadLinesAsync(samplesPath, cancellationToken).ConfigureAwait(false))
            {
                using var document = JsonDocument.Parse(line);
                var root = document.RootElement;
                n++;
                correct += root.GetProperty("correct").GetBoolean() ? 1 : 0;
                answered += root.GetProperty("answer").ValueKind == JsonValueKind.String ? 1 : 0;
                errors += root.GetProperty("error").ValueKind == JsonValueKind.String ? 1 : 0;
                if (root.GetProperty("verdict") is { ValueKind: JsonValueKind.Object } verdict)
                {
                    switch (verdict.GetProperty("outcome").GetString())
                    {
                        case "equivalent": equivalent++; break;
                        case "not-equivalent": notEquivalent++; break;
                        default: unknown++; break;
                    }

                    var method = verdict.GetProperty("method").GetString() ?? "?";
                    methods[method] = methods.GetValueOrDefault(method) + 1;
                }

                if (root.TryGetProperty("noAnswerReason", out var reasonElement) && reasonElement.GetString() is { } reason)
                {
                    var id = root.GetProperty("id").GetString() ?? "";
                    reasons[reason] = reasons.TryGetValue(reason, out var seen) ? (seen.Count + 1, seen.FirstId) : (1, id);
                }

                var usage = root.GetProperty("usage");
                promptTokens += usage.GetProperty("promptTokens").GetInt64();
                generatedTokens += usage.GetProperty("generatedTokens").GetInt64();
                calls += usage.GetProperty("modelCalls").GetInt32();
                sandbox += usage.GetProperty("sandboxRuns").GetInt32();
                steps += usage.GetProperty("steps").GetInt32();
                // Older sample lines lack these two counters.
                solutions += usage.TryGetProperty("solutions", out var solved) ? solved.GetInt32() : 0;
                valueCalls += usage.TryGetProperty("valueCalls", out var scored) ? scored.GetInt32() : 0;
                elapsed += usage.GetProperty("elapsedMs").GetDouble();
            }
        }

        var options = info.Options;
        var reasonsNode = new JsonObject();
        foreach (var (name, (count, firstId)) in reasons)
        {
            reasonsNode[name] = new JsonObject { ["count"] = count, ["example"] = firstId };
        }

        var (low, high) = Statistics.Wilson95(correct, n);
        var methodsNode = new JsonObject();
        foreach (var (name, count) in methods)
        {
            methodsNode[name] = count;
        }

        return new JsonObject
        {
            ["schema"] = 1,
            ["suite"] = new JsonObject
            {
                ["id"] = info.Manifest.Id,
                ["version"] = info.Manifest.Version,
                ["dataFile"] = info.Manifest.Data.File,
                ["dataSha256"] = info.DataSha256,
                ["rows"] = info.Manifest.Rows,
            },
            ["model"] = info.ModelId,
            ["valueModel"] = info.ValueModelId,
            ["strategy"] = EvalOptions.StrategyName(options.Strategy),
            ["solver"] = info.Solver,
            ["stepFormat"] = info.StepFormat,
            ["sandbox"] = info.Sandbox,
            ["unsafeSandbox"] = options.UnsafeSandbox,
            ["options"] = new JsonObject
            {
                ["strategy"] = new JsonObject(options.StrategyOptions.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)JsonValue.Create(p.Value)))),
                ["seed"] = options.Seed,
                ["concurrency"] = options.Concurrency,
                ["maxTokens"] = options.MaxTokens,
                ["limit"] = options.Selection.Limit,
                ["ids"] = options.Selection.Ids is { } ids ? new JsonArray(ids.Select(i => (JsonNode?)JsonValue.Create(i)).ToArray()) : null,
                ["shard"] = options.Selection.Shard?.ToString(),
                ["dataDir"] = options.DataDir,
            },
            ["seed"] = options.Seed,
            ["tool"] = new JsonObject { ["version"] = ToolInfo.Version, ["commit"] = ToolInfo.Commit },
            ["startedAt"] = info.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["finishedAt"] = info.FinishedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["metrics"] = new JsonObject
            {
                ["n"] = n,
                ["selected"] = info.Selected,
                ["missing"] = Math.Max(0, info.Selected - n),
                ["correct"] = correct,
                ["accuracy"] = n == 0 ? 0 : Math.Round((double)correct / n, 4),
                ["standardError"] = Math.Round(Statistics.StandardError(correct, n), 4),
                ["ci95"] = new JsonObject { ["method"] = "wilson", ["low"] = Math.Round(low, 4), ["high"] = Math.Round(high, 4) },
                ["answered"] = answered,
                ["noAnswer"] = n - answered - errors,
                ["errors"] = errors,
                ["outcomes"] = new JsonObject { ["equivalent"] = equivalent, ["notEquivalent"] = notEquivalent, ["unknown"] = unknown },
                ["methods"] = methodsNode,
                ["noAnswerReasons"] = reasonsNode,
            },
            ["warnings"] = new JsonArray((info.Warnings ?? []).Select(w => (JsonNode?)JsonValue.Create(w)).ToArray()),
            ["usage"] = new JsonObject
            {
                ["promptTokens"] = promptTokens,
                ["generatedTokens"] = generatedTokens,
                ["modelCalls"] = calls,
                ["sandboxRuns"] = sandbox,
                ["steps"] = steps,
                ["solutions"] = solutions,
                ["valueCalls"] = valueCalls,
                ["elapsedMs"] = Math.Round(elapsed, 1),
                ["meanElapsedMs"] = n == 0 ? 0 : Math.Round(elapsed / n, 1),
            },
        };
    }

    /// <summary>Writes summary.json and summary.md into the run folder.</summary>
    public static async Task WriteAsync(RunDirectory run, JsonObject summary, CancellationToken cancellationToken)
    {
        var json = summary.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
        await File.WriteAllTextAsync(run.SummaryJson, json, new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
        await File.WriteAllTextAsync(run.SummaryMarkdown, Markdown(summary), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// One line when more than a fifth of the problems ended without an answer (errors included): how many, the
    /// commonest reason and a problem to look at; null otherwise.
    /// </summary>
    public static string? Diagnosis(JsonObject summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var metrics = summary["metrics"]!.AsObject();
        var n = (int)metrics["n"]!;
        var without = n - (int)metrics["answered"]!;
        if (n == 0 || without * 5 <= n || metrics["noAnswerReasons"] is not JsonObject reasons || reasons.Count == 0)
        {
            return null;
        }

        var (name, detail) = reasons.OrderByDescending(r => (int)r.Value!["count"]!).ThenBy(r => r.Key, StringComparer.Ordinal).First();
        var hint = name switch
        {
            "format-mismatch" => "the model's steps do not follow the step format; try another --step-format (tagged, react, rstar, plain)",
            "context-overflow" => "the prompt with its few-shots does not fit the model's context window; use a model with a longer context or a shorter prompt",
            "token-budget" => "steps ran out of --max-tokens before a stop sequence",
            "max-depth" => "branches reached the depth limit; raise the strategy's depth option",
            "code-errors" => "code steps kept failing in the sandbox",
            "error" => "solving failed with an error; see the sample line's error",
            _ => "the search ended before any branch finished",
        };
        return $"{without} of {n} problems ended without an answer, most often {name} ({detail!["count"]}): {hint}; look at problem {detail["example"]} in samples.jsonl";
    }

    /// <summary>The human-readable summary.</summary>
    public static string Markdown(JsonObject s)
    {
        var metrics = s["metrics"]!.AsObject();
        var usage = s["usage"]!.AsObject();
        var suite = s["suite"]!.AsObject();
        var b = new StringBuilder();
        b.Append("# mario eval: ").Append(suite["id"]).Append(" / ").Append(s["strategy"]).Append('\n').Append('\n');
        foreach (var warning in s["warnings"]?.AsArray() ?? [])
        {
            b.Append("> warning: ").Append(warning).Append('\n').Append('\n');
        }

        if (Diagnosis(s) is { } diagnosis)
        {
            b.Append("> ").Append(diagnosis).Append('\n').Append('\n');
        }

        b.Append("| metric | value |\n|---|---|\n");
        b.Append("| accuracy | ").Append(((double)metrics["accuracy"]!).ToString("P1", CultureInfo.InvariantCulture))
            .Append(" (").Append(metrics["correct"]).Append('/').Append(metrics["n"]).Append(") |\n");
        if (metrics["ci95"] is JsonObject ci)
        {
            b.Append("| 95% interval (Wilson) | ").Append(((double)ci["low"]!).ToString("P1", CultureInfo.InvariantCulture)).Append(" to ")
                .Append(((double)ci["high"]!).ToString("P1", CultureInfo.InvariantCulture)).Append(" |\n");
            b.Append("| standard error | ").Append(((double)metrics["standardError"]!).ToString("0.0000", CultureInfo.InvariantCulture)).Append(" |\n");
        }

        foreach (var key in new[] { "selected", "missing", "answered", "noAnswer", "errors" })
        {
            b.Append("| ").Append(key).Append(" | ").Append(metrics[key]).Append(" |\n");
        }

        foreach (var key in new[] { "promptTokens", "generatedTokens", "modelCalls", "sandboxRuns", "steps", "solutions", "valueCalls", "meanElapsedMs" })
        {
            b.Append("| ").Append(key).Append(" | ").Append(usage[key]).Append(" |\n");
        }

        b.Append('\n').Append("| setting | value |\n|---|---|\n");
        b.Append("| suite | ").Append(suite["id"]).Append(" v").Append(suite["version"]).Append(" (sha256 ").Append(suite["dataSha256"]).Append(") |\n");
        b.Append("| model | ").Append(s["model"]).Append(" |\n");
        b.Append("| value model | ").Append(s["valueModel"]?.ToString() ?? "none").Append(" |\n");
        b.Append("| strategy | ").Append(s["strategy"]).Append(" |\n");
        b.Append("| seed | ").Append(s["seed"]).Append(" |\n");
        b.Append("| options | `").Append(s["options"]!.ToJsonString()).Append("` |\n");
        b.Append("| tool | ").Append(s["tool"]!["version"]).Append(" (").Append(s["tool"]!["commit"]).Append(") |\n");
        b.Append("| started / finished | ").Append(s["startedAt"]).Append(" / ").Append(s["finishedAt"]).Append(" |\n");
        return b.ToString();
    }
}
