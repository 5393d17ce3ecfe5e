using System.Text;
using Mario.Inference.Engine;
using Mario.Inference.Tokenization;

namespace Mario.Inference;

/// <summary>
/// Decodes a sequence's tokens incrementally and ends it at the first stop string in the decoded text. Tokens are
/// decoded as a byte stream (a stateful UTF-8 decoder carries split characters across tokens), and each new piece is
/// searched together with the last (longest stop - 1) characters before it, so a stop string spanning token
/// boundaries is found. Invalid UTF-8 becomes U+FFFD.
/// </summary>
public sealed class StopStringMatcher : ITokenObserver
{
    private readonly ITokenizer _tokenizer;
    private readonly string[] _stops;
    private readonly int _longestStop;
    private readonly Decoder _decoder = new UTF8Encoding(false, false).GetDecoder();
    private char[] _text = new char[256];
    private int _length;
    private int _stopIndex = -1;
    private bool _flushed;

    /// <summary>Creates a matcher for <paramref name="stops"/> (empty strings are ignored).</summary>
    public StopStringMatcher(ITokenizer tokenizer, IReadOnlyList<string> stops)
    {
        _tokenizer = tokenizer;
        _stops = stops.Where(s => s.Length > 0).ToArray();
        _longestStop = _stops.Length == 0 ? 0 : _stops.Max(s => s.Length);
    }

    /// <summary>The stop string that fired, or null.</summary>
    public string? MatchedStop { get; private set; }

    /// <summary>The decoded text so far, cut before the stop string when one fired.</summary>
    public string Text
    {
        get
        {
            if (_stopIndex >= 0)
            {
                return new string(_text, 0, _stopIndex);
            }

            if (!_flushed)
            {
                // A trailing incomplete UTF-8 sequence becomes U+FFFD once the sequence is over.
                Append([], flush: true);
                _flushed = true;
            }

            return new string(_text, 0, _length);
        }
    }

    /// <inheritdoc />
    public bool OnToken(int token)
    {
        if (_stopIndex >= 0)
        {
            return true;
        }

        var before = _length;
        Append(_tokenizer.TokenBytes(token), flush: false);
        if (_stops.Length == 0 || _length == before)
        {
            return false;
        }

        var from = Math.Max(0, before - _longestStop + 1);
        var window = new ReadOnlySpan<char>(_text, from, _length - from);
        var best = -1;
        foreach (var stop in _stops)
        {
            var at = window.IndexOf(stop.AsSpan(), StringComparison.Ordinal);
            if (at >= 0 && (best < 0 || at < best))
            {
                best = at;
                MatchedStop = stop;
            }
        }

        if (best < 0)
        {
            return false;
        }

        _stopIndex = from + best;
        return true;
    }

    private void Append(ReadOnlySpan<byte> bytes, bool flush)
    {
        var count = _decoder.GetCharCount(bytes, flush);
        if (_length + count > _text.Length)
        {
            Array.Resize(ref _text, Math.Max(_text.Length * 2, _length + count));
        }

        _length += _decoder.GetChars(bytes, _text.AsSpan(_length), flush);
    }
}
