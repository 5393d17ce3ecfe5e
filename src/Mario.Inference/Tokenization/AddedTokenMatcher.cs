using System.Buffers;
using System.Text;
using Mario.Inference.Tokenization.PreTokenization;

namespace Mario.Inference.Tokenization;

/// <summary>
/// Finds added tokens in text: leftmost match first, longest on ties, non-overlapping, then the
/// single_word, lstrip and rstrip rules (the Hugging Face AddedVocabulary behaviour).
/// </summary>
internal sealed class AddedTokenMatcher
{
    private readonly Dictionary<char, AddedToken[]> byFirstChar;
    private readonly SearchValues<char> firstChars;

    /// <summary>Creates a matcher over tokens with non-empty content.</summary>
    public AddedTokenMatcher(IEnumerable<AddedToken> tokens, Func<AddedToken, string> pattern)
    {
        byFirstChar = tokens
            .Select(t => (Token: t, Pattern: pattern(t)))
            .Where(t => t.Pattern.Length > 0)
            .GroupBy(t => t.Pattern[0])
            .ToDictionary(
                g => g.Key,
                g => g.OrderByDescending(t => t.Pattern.Length).Select(t => t.Token with { Content = t.Pattern }).ToArray());
        firstChars = SearchValues.Create(byFirstChar.Keys.ToArray());
    }

    /// <summary>Whether there is nothing to match.</summary>
    public bool IsEmpty => byFirstChar.Count == 0;

    /// <summary>
    /// Splits <paramref name="text"/> into alternating plain ranges (Id -1) and added-token ranges, in order,
    /// covering the text; a stripped token's range includes the white space it absorbed.
    /// </summary>
    public List<(int Start, int Length, int Id)> Split(string text)
    {
        var result = new List<(int, int, int)>();
        var emitted = 0;
        var cursor = 0;
        while (cursor < text.Length)
        {
            var offset = text.AsSpan(cursor).IndexOfAny(firstChars);
            if (offset < 0)
            {
                break;
            }

            var at = cursor + offset;
            var token = LongestAt(text, at);
            if (token is null)
            {
                cursor = at + 1;
                continue;
            }

            var start = at;
            var stop = at + token.Content.Length;
            cursor = stop;
            if (start < emitted)
            {
                continue; // Inside white space the previous token absorbed.
            }

            if (token.SingleWord && (EndsWithWord(text.AsSpan(0, start)) || StartsWithWord(text.AsSpan(stop))))
            {
                continue;
            }

            if (token.LeftStrip)
            {
                while (start > emitted && UnicodeScalars.IsWhiteSpace(text[start - 1]))
                {
                    start--;
                }
            }

            if (token.RightStrip)
            {
                while (stop < text.Length && UnicodeScalars.IsWhiteSpace(text[stop]))
                {
                    stop++;
                }
            }

            if (start > emitted)
            {
                result.Add((emitted, start - emitted, -1));
            }

            result.Add((start, stop - start, token.Id));
            emitted = stop;
            cursor = stop;
        }

        if (emitted < text.Length)
        {
            result.Add((emitted, text.Length - emitted, -1));
        }

        return result;
    }

    private AddedToken? LongestAt(string text, int at)
    {
        foreach (var token in byFirstChar[text[at]])
        {
            if (text.AsSpan(at).StartsWith(token.Content, StringComparison.Ordinal))
            {
                return token;
            }
        }

        return null;
    }

    private static bool EndsWithWord(ReadOnlySpan<char> text) =>
        Rune.DecodeLastFromUtf16(text, out var rune, out _) == OperationStatus.Done && Rune.IsLetterOrDigit(rune);

    private static bool StartsWithWord(ReadOnlySpan<char> text) =>
        Rune.DecodeFromUtf16(text, out var rune, out _) == OperationStatus.Done && Rune.IsLetterOrDigit(rune);
}
