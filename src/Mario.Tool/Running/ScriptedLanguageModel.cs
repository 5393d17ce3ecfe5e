using System.Text.RegularExpressions;
using Mario.Models;

namespace Mario.Tool.Running;

/// <summary>
/// A real debug backend driven by a <see cref="ScriptedModelFile"/>: it answers prompts by rule, honours stop
/// sequences and the token budget, and waits the configured delay (so runs can be watched, killed and resumed).
/// Tokens are counted as whitespace-separated pieces (an approximation; no tokenizer is involved).
/// </summary>
public sealed class ScriptedLanguageModel : ILanguageModel
{
    private readonly ScriptedModelFile _file;
    private readonly Regex?[] _regexes;
    private readonly TimeProvider _time;

    /// <summary>Creates the model from a validated file.</summary>
    public ScriptedLanguageModel(ScriptedModelFile file, TimeProvider time)
    {
        _file = file;
        _time = time;
        _regexes = file.Rules.Select(r => r.Regex is null ? null : new Regex(r.Regex, RegexOptions.None, TimeSpan.FromSeconds(1))).ToArray();
    }

    /// <inheritdoc />
    public string Id => "scripted:" + _file.Id;

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<IReadOnlyList<Completion>>> GenerateAsync(
        IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken)
    {
        var results = new List<IReadOnlyList<Completion>>(requests.Count);
        foreach (var request in requests)
        {
            var (text, delay) = Match(request.Prompt);
            if (delay > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delay), _time, cancellationToken).ConfigureAwait(false);
            }

            var completion = Shape(text, request);
            results.Add(Enumerable.Repeat(completion, Math.Max(1, request.Count)).ToList());
        }

        return results;
    }

    private (string Text, int DelayMs) Match(string prompt)
    {
        for (var i = 0; i < _file.Rules.Count; i++)
        {
            var rule = _file.Rules[i];
            var hit = rule.Contains is { } needle ? prompt.Contains(needle, StringComparison.Ordinal) : _regexes[i]!.IsMatch(prompt);
            if (hit)
            {
                return (rule.Completion, rule.DelayMs ?? _file.DelayMs);
            }
        }

        if (_file.Fallback is { } fallback)
        {
            return (fallback, _file.DelayMs);
        }

        var head = prompt.Length > 60 ? prompt[..60] + "..." : prompt;
        throw new InvalidOperationException($"scripted model '{_file.Id}': no rule matches the prompt \"{head.ReplaceLineEndings(" ")}\" and there is no fallback");
    }

    private static Completion Shape(string text, GenerationRequest request)
    {
        var finish = FinishReason.Stop;
        string? stopSequence = null;
        var cut = text.Length;
        foreach (var stop in request.Stop)
        {
            var at = stop.Length == 0 ? -1 : text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && at < cut)
            {
                cut = at;
                stopSequence = stop;
            }
        }

        text = text[..cut];
        var tokens = Regex.Matches(text, @"\S+");
        if (tokens.Count > request.Sampling.MaxTokens)
        {
            var end = tokens[request.Sampling.MaxTokens - 1];
            text = text[..(end.Index + end.Length)];
            finish = FinishReason.Length;
            stopSequence = null;
        }

        var promptTokens = Regex.Count(request.Prompt, @"\S+");
        return new Completion(text, finish, stopSequence, promptTokens, Math.Min(tokens.Count, request.Sampling.MaxTokens), null);
    }
}
