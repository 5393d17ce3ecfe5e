using Mario.Models;

namespace Mario.Testing;

/// <summary>
/// A policy double: canned samples chosen by prompt content, every request recorded. A rule matches when the prompt
/// ends with its key; the longest matching key wins (so a rule for a deeper prefix beats a rule for a shallower one).
/// A request for n samples takes the rule's first n samples, cycling when the rule has fewer.
/// Prompt tokens are reported as one per 4 characters.
/// </summary>
public sealed class ScriptedLanguageModel : ILanguageModel
{
    private readonly List<(string Suffix, IReadOnlyList<ScriptedCompletion> Samples)> _rules = [];
    private readonly List<GenerationRequest> _requests = [];

    /// <inheritdoc />
    public string Id => "scripted";

    /// <summary>Every request received, in order.</summary>
    public IReadOnlyList<GenerationRequest> Requests => _requests;

    /// <summary>Number of <see cref="GenerateAsync"/> calls (a call may batch several requests).</summary>
    public int Calls { get; private set; }

    /// <summary>Adds a rule: prompts ending with <paramref name="promptSuffix"/> get <paramref name="samples"/>.</summary>
    public ScriptedLanguageModel On(string promptSuffix, params ScriptedCompletion[] samples)
    {
        ArgumentNullException.ThrowIfNull(promptSuffix);
        if (samples.Length == 0)
        {
            throw new ArgumentException("A rule needs at least one sample.", nameof(samples));
        }

        _rules.Add((promptSuffix, samples));
        return this;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<IReadOnlyList<Completion>>> GenerateAsync(
        IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Calls++;
        var results = new List<IReadOnlyList<Completion>>(requests.Count);
        foreach (var request in requests)
        {
            _requests.Add(request);
            var rule = _rules
                .Where(r => request.Prompt.EndsWith(r.Suffix, StringComparison.Ordinal))
                .OrderByDescending(r => r.Suffix.Length)
                .Select(r => r.Samples)
                .FirstOrDefault()
                ?? throw new InvalidOperationException(
                    $"No scripted rule matches the prompt ending with: ...{request.Prompt[Math.Max(0, request.Prompt.Length - 120)..]}");
            var promptTokens = Math.Max(1, request.Prompt.Length / 4);
            results.Add(Enumerable.Range(0, request.Count).Select(i => rule[i % rule.Count].ToCompletion(promptTokens)).ToList());
        }

        return ValueTask.FromResult<IReadOnlyList<IReadOnlyList<Completion>>>(results);
    }
}
