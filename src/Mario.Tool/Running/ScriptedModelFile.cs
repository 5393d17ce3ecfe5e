using System.Text.Json;
using Mario.Tool.Suites;

namespace Mario.Tool.Running;

/// <summary>
/// The JSON file behind <c>--model scripted:FILE</c>: <c>{"id": "...", "delayMs": 0, "rules": [...], "fallback": "..."}</c>.
/// Documented in eval-suites/README.md (section "Scripted models").
/// </summary>
/// <param name="Id">Model id recorded in summaries.</param>
/// <param name="Rules">Rules tried in order; the first match wins.</param>
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
            file = await JsonSerializer.DeserializeAsync<ScriptedModelFile>(stream, ManifestReader.Options, cancellationToken).ConfigureAwait(false);
        }
        catch (JsonException ex)
        {
            return (null, $"{path}:{(ex.LineNumber ?? 0) + 1}: {ManifestReader.Describe(ex)}");
        }

        if (file is null || string.IsNullOrWhiteSpace(file.Id))
        {
            return (null, $"{path}: id: expected a non-empty string");
        }

        if (file.DelayMs is < 0 or > 600_000)
        {
            return (null, $"{path}: delayMs: {file.DelayMs} must be in 0..600000");
        }

        for (var i = 0; i < file.Rules.Count; i++)
        {
            var rule = file.Rules[i];
            if ((rule.Contains is null) == (rule.Regex is null))
            {
                return (null, $"{path}: rules[{i}]: exactly one of 'contains' and 'regex' is required");
            }

            if (rule.DelayMs is < 0 or > 600_000)
            {
                return (null, $"{path}: rules[{i}].delayMs: {rule.DelayMs} must be in 0..600000");
            }

            if (rule.Regex is { } pattern)
            {
                try
                {
                    _ = new System.Text.RegularExpressions.Regex(pattern);
                }
                catch (ArgumentException ex)
                {
                    return (null, $"{path}: rules[{i}].regex: {ex.Message}");
                }
            }
        }

        return (file, null);
    }
}
