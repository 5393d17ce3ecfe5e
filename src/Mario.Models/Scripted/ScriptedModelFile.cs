using System.Text.Json;

namespace Mario.Models.Scripted;

/// <summary>
/// The JSON file behind <c>--model scripted:FILE</c>: <c>{"id": "...", "delayMs": 0, "rules": [...], "fallback": "..."}</c>.
/// Documented in eval-suites/README.md (section "Scripted models") and docs/search.md (conformance).
/// </summary>
/// <param name="Id">Model id recorded in summaries.</param>
/// <param name="Rules">The rules; the winner among matching rules is chosen as <see cref="ScriptedLanguageModel"/> says.</param>
/// <param name="DelayMs">Delay before every call in milliseconds, 0 to 600000 (to exercise progress, concurrency and kill/resume).</param>
/// <param name="Fallback">Completion when no rule matches, or null to fail that call.</param>
public sealed record ScriptedModelFile(string Id, IReadOnlyList<ScriptedRule> Rules, int DelayMs = 0, string? Fallback = null)
{
    /// <summary>Reads and validates a scripted model file; errors name the file and field.</summary>
    public static async Task<(ScriptedModelFile? File, string? Error)> ReadAsync(string path, CancellationToken cancellationToken)
    {
        if (!System.IO.File.Exists(path))
        {
            return (null, $"scripted model file '{path}' does not exist");
        }

        ScriptedModelFile? file;
        try
        {
            await using var stream = System.IO.File.OpenRead(path);
            file = await JsonSerializer.DeserializeAsync<ScriptedModelFile>(stream, ScriptedJson.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return (null, ScriptedJson.Describe(path, ex));
        }

        if (file is null || string.IsNullOrWhiteSpace(file.Id))
        {
            return (null, $"{path}: id: expected a non-empty string");
        }

        var error = file.Validate();
        return error is null ? (file, null) : (null, $"{path}: {error}");
    }

    /// <summary>The first problem with the file as <c>field: what was expected</c>, or null when it is valid.</summary>
    public string? Validate()
    {
        if (DelayMs is < 0 or > 600_000)
        {
            return $"delayMs: {DelayMs} must be in 0..600000";
        }

        for (var i = 0; i < Rules.Count; i++)
        {
            if (Rules[i] is not { } rule)
            {
                return $"rules[{i}]: expected an object";
            }

            if (new[] { rule.Contains, rule.Regex, rule.EndsWith }.Count(k => k is not null) != 1)
            {
                return $"rules[{i}]: exactly one of 'contains', 'regex' and 'endsWith' is required";
            }

            if ((rule.Completion is null) == (rule.Samples is null))
            {
                return $"rules[{i}]: exactly one of 'completion' and 'samples' is required";
            }

            if (rule.Samples is { Count: 0 })
            {
                return $"rules[{i}].samples: expected at least one sample";
            }

            for (var j = 0; j < (rule.Samples?.Count ?? 0); j++)
            {
                var sample = rule.Samples![j];
                if (sample is null)
                {
                    return $"rules[{i}].samples[{j}]: expected an object with 'text'";
                }

                if (sample.LogProb is { } lp && !(lp <= 0))
                {
                    return $"rules[{i}].samples[{j}].logProb: {lp} must be a log-probability, at most 0";
                }

                if (sample.Tokens is < 0 or > 32768)
                {
                    return $"rules[{i}].samples[{j}].tokens: {sample.Tokens} must be in 0..32768";
                }

                if (sample.Stop is { Length: 0 })
                {
                    return $"rules[{i}].samples[{j}].stop: expected a non-empty stop sequence or null";
                }
            }

            if (rule.DelayMs is < 0 or > 600_000)
            {
                return $"rules[{i}].delayMs: {rule.DelayMs} must be in 0..600000";
            }

            if (rule.Regex is { } pattern)
            {
                try
                {
                    _ = new System.Text.RegularExpressions.Regex(pattern);
                }
                catch (ArgumentException ex)
                {
                    return $"rules[{i}].regex: {ex.Message}";
                }
            }
        }

        return null;
    }
}
