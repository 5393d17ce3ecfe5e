using System.Text.RegularExpressions;

namespace Mario.Models.Scripted;

/// <summary>
/// The one scripted policy, for the CLI (<c>--model scripted:FILE</c>), demos, tests and conformance work. A request
/// is answered by the winning rule among those matching its prompt: each match ranks by the length of its
/// <c>endsWith</c> key (0 for <c>contains</c> and <c>regex</c>), the highest rank wins and the earliest rule breaks a
/// tie; with no match the fallback answers, else the call fails naming the prompt. A request for n samples takes the
/// rule's first n samples, cycling when it has fewer. A sample's text is cut at the earliest stop sequence of the
/// request it holds (which becomes the reported stop), else reports its own stop; then it is cut at the token budget
/// (finish Length). Tokens are counted as whitespace-separated pieces (no tokenizer is involved) unless a sample gives
/// its count; log-probabilities are reported only for samples that give one. Every request is recorded.
/// </summary>
public sealed class ScriptedLanguageModel : ILanguageModel
{
    private readonly List<ScriptedRule> _rules;
    private readonly Dictionary<string, Regex> _regexes = new(StringComparer.Ordinal);
    private readonly string _id;
    private readonly int _delayMs;
    private readonly string? _fallback;
    private readonly TimeProvider _time;
    private readonly List<GenerationRequest> _requests = [];
    private readonly Lock _gate = new();
    private int _calls;

    /// <summary>Creates the model from a validated file.</summary>
    public ScriptedLanguageModel(ScriptedModelFile file, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(time);
        _rules = [.. file.Rules];
        _id = file.Id;
        _delayMs = file.DelayMs;
        _fallback = file.Fallback;
        _time = time;
        foreach (var pattern in _rules.Select(r => r.Regex).OfType<string>().Distinct())
        {
            _regexes[pattern] = new Regex(pattern, RegexOptions.None, TimeSpan.FromSeconds(1));
        }
    }

    /// <summary>Creates an empty model (id <c>scripted</c>, no delay, no fallback) to be filled with <see cref="On"/>.</summary>
    public ScriptedLanguageModel()
        : this(new ScriptedModelFile("scripted", []), TimeProvider.System)
    {
    }

    /// <inheritdoc />
    public string Id => "scripted:" + _id;

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<GenerationRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Number of <see cref="GenerateAsync"/> calls (a call may batch several requests).</summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Adds an <c>endsWith</c> rule: prompts ending with <paramref name="promptSuffix"/> get <paramref name="samples"/>.</summary>
    public ScriptedLanguageModel On(string promptSuffix, params ScriptedSample[] samples)
    {
        ArgumentNullException.ThrowIfNull(promptSuffix);
        ArgumentNullException.ThrowIfNull(samples);
        if (samples.Length == 0)
        {
            throw new ArgumentException("A rule needs at least one sample.", nameof(samples));
        }

        _rules.Add(new ScriptedRule(EndsWith: promptSuffix, Samples: samples));
        return this;
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<IReadOnlyList<Completion>>> GenerateAsync(
        IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(requests);
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _calls);
        lock (_gate)
        {
            _requests.AddRange(requests);
        }

        var results = new List<IReadOnlyList<Completion>>(requests.Count);
        foreach (var request in requests)
        {
            var (samples, delay) = Match(request.Prompt);
            if (delay > 0)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delay), _time, cancellationToken).ConfigureAwait(false);
            }

            var promptTokens = CountTokens(request.Prompt);
            var count = Math.Max(1, request.Count);
            results.Add(Enumerable.Range(0, count).Select(i => Shape(samples[i % samples.Count], request, promptTokens)).ToList());
        }

        return results;
    }

    /// <summary>The rule that answers <paramref name="prompt"/> (as the class summary says), or null when none matches.</summary>
    public ScriptedRule? Winner(string prompt)
    {
        ArgumentNullException.ThrowIfNull(prompt);
        ScriptedRule? best = null;
        var bestRank = -1;
        foreach (var rule in _rules)
        {
            var hit = rule.EndsWith is { } suffix ? prompt.EndsWith(suffix, StringComparison.Ordinal)
                : rule.Contains is { } needle ? prompt.Contains(needle, StringComparison.Ordinal)
                : _regexes[rule.Regex!].IsMatch(prompt);
            var rank = rule.EndsWith?.Length ?? 0;
            if (hit && rank > bestRank)
            {
                (best, bestRank) = (rule, rank);
            }
        }

        return best;
    }

    private (IReadOnlyList<ScriptedSample> Samples, int DelayMs) Match(string prompt)
    {
        if (Winner(prompt) is { } rule)
        {
            return (rule.Answers, rule.DelayMs ?? _delayMs);
        }

        if (_fallback is { } fallback)
        {
            return ([new ScriptedSample(fallback)], _delayMs);
        }

        throw new InvalidOperationException($"scripted model '{_id}': no rule matches the prompt \"{ScriptedJson.Tail(prompt)}\" and there is no fallback");
    }

    private static Completion Shape(ScriptedSample sample, GenerationRequest request, int promptTokens)
    {
        var text = sample.Text;
        var finish = sample.Finish;
        var stopSequence = finish == FinishReason.Stop ? sample.Stop : null;
        var cut = text.Length;
        foreach (var stop in request.Stop)
        {
            var at = stop.Length == 0 ? -1 : text.IndexOf(stop, StringComparison.Ordinal);
            if (at >= 0 && at < cut)
            {
                (cut, stopSequence, finish) = (at, stop, FinishReason.Stop);
            }
        }

        text = text[..cut];
        var pieces = Regex.Matches(text, @"\S+");
        var tokens = sample.Tokens > 0 ? sample.Tokens : pieces.Count;
        if (tokens > request.Sampling.MaxTokens)
        {
            if (sample.Tokens == 0)
            {
                var end = pieces[request.Sampling.MaxTokens - 1];
                text = text[..(end.Index + end.Length)];
            }

            tokens = request.Sampling.MaxTokens;
            finish = FinishReason.Length;
            stopSequence = null;
        }

        // An empty step still carries its log-probability, so a prior can be formed from it.
        var logProbs = sample.LogProb is { } lp ? Enumerable.Repeat(lp, Math.Max(1, tokens)).ToArray() : null;
        return new Completion(text, finish, stopSequence, promptTokens, tokens, logProbs);
    }

    private static int CountTokens(string text) => Regex.Count(text, @"\S+");
}
