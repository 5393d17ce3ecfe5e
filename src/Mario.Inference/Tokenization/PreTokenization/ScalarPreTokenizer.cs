namespace Mario.Inference.Tokenization.PreTokenization;

/// <summary>
/// Splits text into pre-tokens exactly as the known split regexes do (see <see cref="SplitPattern"/>),
/// reading \p{L}, \p{N} and \s on whole Unicode scalars.
/// </summary>
/// <remarks>
/// Why hand-written: .NET's Regex matches UTF-16 units, so a letter outside the BMP such as U+1D465 (𝑥)
/// is neither \p{L} nor \p{N} to it and " 𝑥=𝟙" ends up in one piece where the reference yields " 𝑥", "=", "𝟙".
/// Each alternative below is the regex alternative of the same number, tried in order as the regex does;
/// the pieces cover the input with no gaps, because every scalar is a letter, a number, white space or other.
/// The case-insensitive contractions fold ASCII only, as the reference JavaScript encoder does.
/// </remarks>
internal sealed class ScalarPreTokenizer
{
    private readonly SplitPattern pattern;
    private readonly int maxDigits;

    /// <summary>Creates a splitter for one of the known patterns.</summary>
    public ScalarPreTokenizer(SplitPattern pattern)
    {
        this.pattern = pattern;
        maxDigits = pattern switch
        {
            SplitPattern.Qwen2 => 1,
            SplitPattern.Llama3 => 3,
            _ => int.MaxValue,
        };
    }

    /// <summary>The pattern this splitter evaluates.</summary>
    public SplitPattern Pattern => pattern;

    /// <summary>Length in UTF-16 units (at least 1) of the piece that starts at <paramref name="start"/>.</summary>
    public int NextPieceLength(ReadOnlySpan<char> text, int start) =>
        pattern == SplitPattern.Gpt2 ? NextGpt2(text, start) : NextQwen2(text, start);

    /// <summary>Splits the whole text; for tests and debugging (the encoder walks pieces without allocating).</summary>
    public List<string> Split(string text)
    {
        var pieces = new List<string>();
        for (var i = 0; i < text.Length;)
        {
            var length = NextPieceLength(text, i);
            pieces.Add(text.Substring(i, length));
            i += length;
        }

        return pieces;
    }

    private int NextQwen2(ReadOnlySpan<char> s, int i)
    {
        var n = s.Length;
        var c0 = UnicodeScalars.Classify(s, i, out var l0);

        // 1. (?i:'s|'t|'re|'ve|'m|'ll|'d)
        if (s[i] == '\'')
        {
            var m = Contraction(s, i + 1, ignoreCase: true);
            if (m > 0)
            {
                return 1 + m;
            }
        }

        // 2. [^\r\n\p{L}\p{N}]?\p{L}+
        if (c0 == ScalarClass.Letter)
        {
            return Run(s, i, ScalarClass.Letter, int.MaxValue) - i;
        }

        if (c0 != ScalarClass.Number && s[i] != '\r' && s[i] != '\n' && i + l0 < n
            && UnicodeScalars.Classify(s, i + l0, out _) == ScalarClass.Letter)
        {
            return Run(s, i + l0, ScalarClass.Letter, int.MaxValue) - i;
        }

        // 3. \p{N} (Qwen2) or \p{N}{1,3} (Llama 3)
        if (c0 == ScalarClass.Number)
        {
            return Run(s, i, ScalarClass.Number, maxDigits) - i;
        }

        // 4. " ?[^\s\p{L}\p{N}]+[\r\n]*"
        var other = OtherStart(s, i, c0);
        if (other >= 0)
        {
            var end = Run(s, other, ScalarClass.Other, int.MaxValue);
            while (end < n && s[end] is '\r' or '\n')
            {
                end++;
            }

            return end - i;
        }

        return WhiteSpace(s, i, newlineRule: true);
    }

    private int NextGpt2(ReadOnlySpan<char> s, int i)
    {
        var c0 = UnicodeScalars.Classify(s, i, out _);

        // 's|'t|'re|'ve|'m|'ll|'d
        if (s[i] == '\'')
        {
            var m = Contraction(s, i + 1, ignoreCase: false);
            if (m > 0)
            {
                return 1 + m;
            }
        }

        // " ?\p{L}+", " ?\p{N}+", " ?[^\s\p{L}\p{N}]+": an optional ASCII space, then a run of one class.
        var first = c0;
        var runStart = i;
        if (s[i] == ' ' && i + 1 < s.Length)
        {
            var c1 = UnicodeScalars.Classify(s, i + 1, out _);
            if (c1 != ScalarClass.WhiteSpace)
            {
                first = c1;
                runStart = i + 1;
            }
        }

        if (first != ScalarClass.WhiteSpace)
        {
            return Run(s, runStart, first, int.MaxValue) - i;
        }

        return WhiteSpace(s, i, newlineRule: false);
    }

    // Where the run of "other" scalars of alternative 4 begins, or -1 when alternative 4 does not match here.
    private static int OtherStart(ReadOnlySpan<char> s, int i, ScalarClass c0)
    {
        if (c0 == ScalarClass.Other)
        {
            return i;
        }

        if (s[i] == ' ' && i + 1 < s.Length && UnicodeScalars.Classify(s, i + 1, out _) == ScalarClass.Other)
        {
            return i + 1;
        }

        return -1;
    }

    // Alternatives "\s*[\r\n]+" (Qwen2/Llama 3 only), "\s+(?!\S)" and "\s+"; s[i] is white space.
    private static int WhiteSpace(ReadOnlySpan<char> s, int i, bool newlineRule)
    {
        // White_Space scalars are all in the BMP, so the run is counted in single UTF-16 units.
        var end = i;
        var lastNewline = -1;
        while (end < s.Length && UnicodeScalars.IsWhiteSpace(s[end]))
        {
            if (s[end] is '\r' or '\n')
            {
                lastNewline = end;
            }

            end++;
        }

        if (newlineRule && lastNewline >= 0)
        {
            // \s* backtracks until [\r\n]+ can match: the piece ends after the run's last line break.
            return lastNewline + 1 - i;
        }

        if (end == s.Length || end - i == 1)
        {
            return end - i;
        }

        // (?!\S) gives back the last white-space scalar, which then leads the next piece.
        return end - 1 - i;
    }

    private static int Run(ReadOnlySpan<char> s, int i, ScalarClass cls, int maxScalars)
    {
        var count = 0;
        while (i < s.Length && count < maxScalars)
        {
            if (UnicodeScalars.Classify(s, i, out var length) != cls)
            {
                break;
            }

            i += length;
            count++;
        }

        return i;
    }

    // Length after the apostrophe of s|t|re|ve|m|ll|d at position j, or 0.
    private static int Contraction(ReadOnlySpan<char> s, int j, bool ignoreCase)
    {
        if (j >= s.Length)
        {
            return 0;
        }

        var a = Fold(s[j], ignoreCase);
        if (a is 's' or 't' or 'm' or 'd')
        {
            return 1;
        }

        if (j + 1 >= s.Length)
        {
            return 0;
        }

        var b = Fold(s[j + 1], ignoreCase);
        return (a, b) is ('r', 'e') or ('v', 'e') or ('l', 'l') ? 2 : 0;
    }

    private static char Fold(char c, bool ignoreCase) => ignoreCase && c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
}
