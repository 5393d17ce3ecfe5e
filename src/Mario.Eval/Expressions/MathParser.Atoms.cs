using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Mario.Eval.Expressions;

internal sealed partial class MathParser
{
    // ---------------------------------------------------------------- atoms

    private Node ParseAtom()
    {
        Enter();
        try
        {
            var c = Peek();
            if (char.IsAsciiDigit(c) || (c == '.' && _pos + 1 < _s.Length && char.IsAsciiDigit(_s[_pos + 1])))
            {
                return ParseNumberOrMixed();
            }

            if (c == '(' || c == '[')
            {
                return ParseBracketed();
            }

            if (c == '{')
            {
                return ParseBraceGroupOrSet();
            }

            if (c == '|')
            {
                _pos++;
                _absDepth++;
                var inner = ParseAdditive();
                _absDepth--;
                Expect('|');
                return new Func("abs", [inner]);
            }

            if (c == '\\')
            {
                return ParseCommand();
            }

            if (char.IsLetter(c))
            {
                return ParseLetters();
            }

            throw Fail(c == '\0' ? "unexpected end of answer" : $"unexpected '{c}'");
        }
        finally
        {
            _depth--;
        }
    }

    private Node ParseNumberOrMixed()
    {
        var number = ParseNumber();
        if (number is Num { Decimals: < 0 } whole && whole.Value.IsInteger && whole.Value.Sign >= 0)
        {
            // Mixed numbers: 1\frac12 = 3/2 (only integer over integer, as Math-Verify does).
            var save = _pos;
            if (PeekCommand() == "frac")
            {
                _pos += 5;
                var n = ParseCommandArgument();
                var d = ParseCommandArgument();
                if (n is Num { Decimals: < 0 } nn && d is Num { Decimals: < 0 } dd && nn.Value.IsInteger && dd.Value.IsInteger
                    && !dd.Value.IsZero && nn.Value.Sign > 0 && nn.Value < dd.Value)
                {
                    return new Num(whole.Value + nn.Value / dd.Value);
                }

                _pos = save;
            }
        }

        return number;
    }

    private Node ParseNumber()
    {
        SkipSpaces();
        var start = _pos;
        while (_pos < _s.Length && char.IsAsciiDigit(_s[_pos]))
        {
            _pos++;
        }

        var intPart = _s[start.._pos];
        var frac = string.Empty;
        if (_pos < _s.Length && _s[_pos] == '.' && _pos + 1 < _s.Length && char.IsAsciiDigit(_s[_pos + 1]))
        {
            _pos++;
            var fs = _pos;
            while (_pos < _s.Length && char.IsAsciiDigit(_s[_pos]))
            {
                _pos++;
            }

            frac = _s[fs.._pos];
        }
        else if (_pos + 1 < _s.Length && _s[_pos] == '.' && !char.IsAsciiDigit(_s[_pos + 1]) && _s[_pos + 1] != '.' && _s[_pos + 1] != '\\')
        {
            // "1000." -> 1000 (a bare trailing point)
            _pos++;
        }

        if (intPart.Length + frac.Length > 2000)
        {
            throw new BudgetExceededException(WorkLimit.Magnitude, "number longer than 2000 digits");
        }

        _budget.Spend(1 + ((intPart.Length + frac.Length) / 16));
        var digits = intPart + frac;
        var value = new BigRational(
            digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(digits, CultureInfo.InvariantCulture),
            BigInteger.Pow(10, frac.Length));
        var decimals = frac.Length > 0 ? frac.Length : -1;
        if (RepeatingDigits() is { } repeat)
        {
            // 0.1\overline{6} = 1/6: the repeating block adds repeat / (10^frac * (10^len - 1)); the value is exact.
            var block = BigInteger.Parse(repeat, CultureInfo.InvariantCulture);
            value += new BigRational(block, BigInteger.Pow(10, frac.Length) * (BigInteger.Pow(10, repeat.Length) - 1));
            decimals = -1;
        }

        // Scientific notation: 2.26e-10, 1.4903e4 (plain only; 'e' followed by a signed integer).
        if (_pos + 1 < _s.Length && (_s[_pos] == 'e' || _s[_pos] == 'E'))
        {
            var p = _pos + 1;
            var neg = false;
            if (_s[p] is '+' or '-')
            {
                neg = _s[p] == '-';
                p++;
            }

            var ds = p;
            while (p < _s.Length && char.IsAsciiDigit(_s[p]))
            {
                p++;
            }

            if (p > ds && p - ds <= 4 && (p >= _s.Length || !char.IsLetter(_s[p])))
            {
                var exp = int.Parse(_s[ds..p], CultureInfo.InvariantCulture) * (neg ? -1 : 1);
                _pos = p;
                value *= BigRational.PowerOfTen(exp);
                decimals = Math.Max(0, Math.Max(decimals, 0) - exp);
            }
        }

        // Base-n numbers: 204_5, 4210_{7}.
        if (decimals < 0 && _pos < _s.Length && _s[_pos] == '_')
        {
            var save = _pos;
            _pos++;
            var braced = TryChar('{');
            var bs = _pos;
            while (_pos < _s.Length && char.IsAsciiDigit(_s[_pos]))
            {
                _pos++;
            }

            var radixText = _s[bs.._pos];
            if (radixText.Length > 0 && (!braced || TryChar('}'))
                && int.TryParse(radixText, NumberStyles.None, CultureInfo.InvariantCulture, out var radix)
                && radix is >= 2 and <= 36)
            {
                return new BaseNumber(intPart, radix);
            }

            _pos = save;
        }

        return new Num(value, decimals);
    }

    // "\overline{3}" or "\dot{3}" right after a decimal's digits (the point may be bare: 0.\overline{3}).
    private string? RepeatingDigits()
    {
        var save = _pos;
        var p = _pos;
        if (p < _s.Length && _s[p] == '.')
        {
            p++;
        }

        foreach (var cmd in (string[])["\\overline{", "\\dot{", "\\bar{"])
        {
            if (string.CompareOrdinal(_s, p, cmd, 0, cmd.Length) == 0)
            {
                var start = p + cmd.Length;
                var end = start;
                while (end < _s.Length && char.IsAsciiDigit(_s[end]) && end - start < 50)
                {
                    end++;
                }

                if (end > start && end < _s.Length && _s[end] == '}')
                {
                    _pos = end + 1;
                    return _s[start..end];
                }
            }
        }

        _pos = save;
        return null;
    }

    private Node ParseBracketed()
    {
        var open = _s[_pos];
        _pos++;
        Enter();
        try
        {
            var items = ImmutableArray.CreateBuilder<Node>();
            if (Peek() is ')' or ']')
            {
                var close0 = _s[_pos];
                _pos++;
                return new ListNode([], close0 == ')' ? ListKind.Paren : ListKind.Bracket);
            }

            items.Add(ParseRelation());
            while (TryChar(',') || TryChar(';'))
            {
                if (LookingAt("\\ldots") || LookingAt("..."))
                {
                    _pos += LookingAt("...") ? 3 : 6;
                    items.Add(new Text("..."));
                    continue;
                }

                items.Add(ParseRelation());
            }

            var close = Peek();
            if (close is not (')' or ']'))
            {
                throw Fail($"expected ')' or ']' to close '{open}'");
            }

            _pos++;
            if (items.Count == 2 && open != (close == ')' ? '(' : '['))
            {
                return new Interval(items[0], items[1], open == '[', close == ']');
            }

            if (items.Count == 1 && (open == '(' || close == ']'))
            {
                return items[0];
            }

            return new ListNode(items.ToImmutable(), open == '(' ? ListKind.Paren : ListKind.Bracket);
        }
        finally
        {
            _depth--;
        }
    }

    private Node ParseBraceGroup()
    {
        Expect('{');
        Enter();
        try
        {
            if (TryChar('}'))
            {
                return new ListNode([], ListKind.Brace);
            }

            _setDepth++;
            var inner = ParseBlanks();
            _setDepth--;
            if (TryChar('|') || TryChar(':'))
            {
                inner = ParseBlanks();
            }

            Expect('}');
            return inner;
        }
        finally
        {
            _depth--;
        }
    }

    private Node ParseBraceGroupOrSet()
    {
        var inner = ParseBraceGroup();
        return inner is ListNode { Kind: ListKind.Bare } list ? list with { Kind = ListKind.Brace } : inner;
    }

    private Node ParseCommandArgument()
    {
        var c = Peek();
        if (c == '{')
        {
            return ParseBraceGroup();
        }

        if (char.IsAsciiDigit(c))
        {
            // \frac12: one digit per argument.
            _pos++;
            return new Num(c - '0');
        }

        if (char.IsLetter(c))
        {
            _pos++;
            return new Sym(c.ToString());
        }

        if (c == '(')
        {
            return ParseBracketed();
        }

        return ParseAtom();
    }

    private Node ParseLetters()
    {
        var start = _pos;
        while (_pos < _s.Length && char.IsLetter(_s[_pos]))
        {
            _pos++;
        }

        var word = _s[start.._pos];
        if (KnownFunctions.Contains(word))
        {
            return ParseFunction(word);
        }

        if (word is "pi")
        {
            return new Const(ConstKind.Pi);
        }

        if (word is "inf" or "infty" or "infinity")
        {
            return new Const(ConstKind.Infinity);
        }

        if (word is "sqrt" && Peek() == '(')
        {
            return new Pow(ParseBracketed(), new Num(new BigRational(1, 2)));
        }

        if (!char.IsAscii(word[0]))
        {
            // Prose in another script is not mathematics; the caller falls back to text or to the last number.
            throw Fail($"unexpected '{word[0]}'");
        }

        // A run of letters is a product of one-letter symbols (implicit multiplication), the last may take a subscript.
        _pos = start + 1;
        return Symbol(word[0].ToString());
    }

    private Node Symbol(string name)
    {
        if (_pos < _s.Length && _s[_pos] == '_')
        {
            _pos++;
            var sub = Peek() == '{' ? ReadBalancedBraces() : _pos < _s.Length ? _s[_pos++].ToString() : string.Empty;
            name = name + "_" + sub.Replace(" ", string.Empty, StringComparison.Ordinal).Replace("{", string.Empty, StringComparison.Ordinal)
                .Replace("}", string.Empty, StringComparison.Ordinal);
            if (name.StartsWith("C_", StringComparison.Ordinal) && Peek() == '^')
            {
                // C_n^k is a binomial coefficient in Chinese textbooks.
                _pos++;
                var k = ParseExponentArgument();
                var (nNode, _) = Parse(name[2..], _budget, _depth);
                return new Func("binom", [nNode ?? new Sym(name), k]);
            }
        }

        return name switch
        {
            "e" => new Const(ConstKind.E),
            "i" => new Const(ConstKind.I),
            _ => _pos < _s.Length && _s[_pos] == '(' && (name is "f" or "g" or "h" || (name.Length == 1 && DefinesFunction()))
                ? ParseFunctionApplication(name)
                : new Sym(name),
        };
    }

    // p(x) = ... defines a function; elsewhere p(x) is p times x.
    private bool DefinesFunction()
    {
        var depth = 0;
        for (var i = _pos; i < _s.Length && i < _pos + 200; i++)
        {
            if (_s[i] == '(')
            {
                depth++;
            }
            else if (_s[i] == ')' && --depth == 0)
            {
                var j = i + 1;
                while (j < _s.Length && _s[j] == ' ')
                {
                    j++;
                }

                return j < _s.Length && _s[j] == '=' && (j + 1 >= _s.Length || _s[j + 1] != '=');
            }
        }

        return false;
    }

    private Node ParseFunctionApplication(string name)
    {
        var arg = ParseBracketed();
        return new Func(name, arg is ListNode { Kind: ListKind.Paren } l ? l.Items : [arg]);
    }

    private string ReadBalancedBraces()
    {
        Expect('{');
        var start = _pos;
        var depth = 1;
        while (_pos < _s.Length)
        {
            _budget.Spend();
            var c = _s[_pos++];
            if (c == '{')
            {
                depth++;
            }
            else if (c == '}' && --depth == 0)
            {
                return _s[start..(_pos - 1)];
            }
        }

        throw Fail("unbalanced '{'");
    }
}
