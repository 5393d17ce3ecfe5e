using Mario.Inference.Engine;
using Mario.Inference.Tokenization;
using Mario.Models;

namespace Mario.Inference;

/// <summary>
/// <see cref="IValueModel"/> on the CPU engine: the value head applied to the final hidden state of each text's last
/// token (Super_MARIO's "value of a state = head at the last prompt token"). Texts share cached prefixes with each
/// other and with the policy when both use one engine. Texts longer than the context window are scored on their
/// last window of tokens.
/// </summary>
public sealed class LocalValueModel : IValueModel
{
    private readonly InferenceEngine _engine;
    private readonly ITokenizer _tokenizer;
    private readonly ValueHead _head;

    /// <summary>Wraps an engine and a head.</summary>
    public LocalValueModel(string id, InferenceEngine engine, ITokenizer tokenizer, ValueHead head)
    {
        Id = id;
        _engine = engine;
        _tokenizer = tokenizer;
        _head = head;
    }

    /// <inheritdoc />
    public string Id { get; }

    /// <inheritdoc />
    /// <exception cref="ArgumentException">A text encodes to no tokens.</exception>
    public async ValueTask<IReadOnlyList<double>> ScoreAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var encoded = new int[texts.Count][];
        for (var i = 0; i < texts.Count; i++)
        {
            encoded[i] = _tokenizer.Encode(texts[i]);
            if (encoded[i].Length == 0)
            {
                throw new ArgumentException($"text {i} encodes to no tokens", nameof(texts));
            }
        }

        await _engine.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() =>
            {
                var values = new double[encoded.Length];
                for (var i = 0; i < encoded.Length; i++)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    values[i] = _head.Score(_engine.FinalHidden(encoded[i], cancellationToken));
                }

                return (IReadOnlyList<double>)values;
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _engine.Gate.Release();
        }
    }
}
