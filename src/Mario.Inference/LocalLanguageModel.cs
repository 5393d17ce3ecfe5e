using Mario.Inference.Engine;
using Mario.Inference.Tokenization;
using Mario.Models;

namespace Mario.Inference;

/// <summary>
/// <see cref="ILanguageModel"/> on the in-process CPU engine: prompts are tokenized, every sample of every request
/// is decoded in one batched run that shares cached prefixes, and stop strings are matched on the decoded text.
/// </summary>
public sealed class LocalLanguageModel : ILanguageModel, IContextWindow
{
    private readonly InferenceEngine _engine;
    private readonly ITokenizer _tokenizer;

    /// <summary>Wraps <paramref name="engine"/>; <paramref name="id"/> is recorded in run summaries.</summary>
    public LocalLanguageModel(string id, InferenceEngine engine, ITokenizer tokenizer)
    {
        Id = id;
        _engine = engine;
        _tokenizer = tokenizer;
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    public int ContextLength => _engine.ContextLimit;

    /// <inheritdoc />
    public int CountTokens(string prompt) => _tokenizer.Encode(prompt).Length;

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A request has Count &lt; 1, invalid sampling settings, or a prompt that encodes to no tokens.</exception>
    public async ValueTask<IReadOnlyList<IReadOnlyList<Completion>>> GenerateAsync(IReadOnlyList<GenerationRequest> requests, CancellationToken cancellationToken)
    {
        var sequences = new List<SequenceRequest>();
        var matchers = new List<StopStringMatcher>();
        for (var i = 0; i < requests.Count; i++)
        {
            var r = requests[i];
            Validate(r, i);
            var ids = _tokenizer.Encode(r.Prompt);
            if (ids.Length == 0)
            {
                throw new ArgumentException($"request {i}: the prompt encodes to no tokens", nameof(requests));
            }

            for (var j = 0; j < r.Count; j++)
            {
                var matcher = new StopStringMatcher(_tokenizer, r.Stop);
                matchers.Add(matcher);
                sequences.Add(new SequenceRequest(ids, r.Sampling, j, matcher));
            }
        }

        await _engine.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        SequenceResult[] results;
        try
        {
            results = await Task.Run(() => _engine.Generate(sequences, cancellationToken), cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _engine.Gate.Release();
        }

        var output = new List<IReadOnlyList<Completion>>(requests.Count);
        var k = 0;
        foreach (var r in requests)
        {
            var completions = new List<Completion>(r.Count);
            for (var j = 0; j < r.Count; j++, k++)
            {
                var res = results[k];
                var m = matchers[k];
                completions.Add(new Completion(
                    m.Text,
                    res.Finish,
                    m.MatchedStop,
                    res.PromptTokens,
                    res.Tokens.Count,
                    res.LogProbs.Select(p => (double)p).ToArray()));
            }

            output.Add(completions);
        }

        return output;
    }

    private static void Validate(GenerationRequest r, int i)
    {
        var s = r.Sampling;
        string? problem =
            r.Count < 1 ? $"Count is {r.Count}; expected at least 1"
            : s.Temperature < 0 || s.Temperature > 2 || float.IsNaN(s.Temperature) ? $"Temperature is {s.Temperature}; expected 0 (greedy) or (0, 2]"
            : !(s.TopP > 0 && s.TopP <= 1) ? $"TopP is {s.TopP}; expected (0, 1]"
            : s.TopK < 0 ? $"TopK is {s.TopK}; expected 0 (off) or more"
            : s.MaxTokens < 1 ? $"MaxTokens is {s.MaxTokens}; expected at least 1"
            : null;
        if (problem is not null)
        {
            throw new ArgumentException($"request {i}: {problem}", nameof(r));
        }
    }
}
