using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Mario.Eval.Expressions;

/// <summary>
/// A scannerless recursive-descent parser for LaTeX and plain-text answers. Precedence, lowest first:
/// blanks (;) &gt; list (,) &gt; relation &gt; set operations &gt; sum &gt; product (explicit or implicit) &gt; unary minus
/// &gt; power &gt; postfix (!, %, degrees) &gt; atom. Depth is capped so 10,000 nested braces cannot overflow the stack.
/// </summary>
internal sealed class MathParser
{
    private const int MaxDepth = 120;

    private static readonly HashSet<string> KnownFunctions =
    [
        "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "arccot", "sinh", "cosh", "tanh",
        "ln", "log", "lg", "exp", "abs", "floor", "ceil", "gcd", "lcm", "max", "min", "det", "arg", "sgn",
    ];

    private static readonly Dictionary<string, string> Greek = new(StringComparer.Ordinal)
    {
        ["alpha"] = "α", ["beta"] = "β", ["gamma"] = "γ", ["delta"] = "δ", ["epsilon"] = "ε", ["varepsilon"] = "ε",
        ["zeta"] = "ζ", ["eta"] = "η", ["theta"] = "θ", ["vartheta"] = "θ", ["iota"] = "ι", ["kappa"] = "κ",
        ["lambda"] = "λ", ["mu"] = "μ", ["nu"] = "ν", ["xi"] = "ξ", ["rho"] = "ρ", ["sigma"] = "σ", ["tau"] = "τ",
        ["upsilon"] = "υ", ["phi"] = "φ", ["varphi"] = "φ", ["chi"] = "χ", ["psi"] = "ψ", ["omega"] = "ω",
        ["Gamma"] = "Γ", ["Delta"] = "Δ", ["Theta"] = "Θ", ["Lambda"] = "Λ", ["Sigma"] = "Σ", ["Phi"] = "Φ",
        ["Omega"] = "Ω", ["Psi"] = "Ψ", ["ell"] = "ℓ", ["hbar"] = "ħ",
    };

    private readonly string _s;
    private readonly WorkBudget _budget;
    private int _pos;
    private int _depth;
    private int _absDepth;
    private int _setDepth;

    private MathParser(string text, WorkBudget budget)
    {
        _s = text;
        _budget = budget;
    }

    /// <summary>Parses a cleaned answer; returns the node or a positioned error.</summary>
    public static (Node? Node, ParseError? Error) Parse(string text, WorkBudget budget)
    {
        var parser = new MathParser(text, budget);
        try
        {
            var node = parser.ParseBlanks();
            parser.SkipSpaces();
            if (parser._pos < parser._s.Length)
            {
                return (null, new ParseError(parser._pos, $"unexpected '{parser._s[parser._pos]}'"));
            }

            return (node, null);
        }
        catch (ParseFailure failure)
        {
            return (null, failure.Error);
        }
    }

    private sealed class ParseFailure(ParseError error) : Exception(error.Message)
    {
        public ParseError Error { get; } = error;
    }

    private ParseFailure Fail(string message) => new(new ParseError(_pos, message));

    private void Enter()
    {
        _budget.Spend();
        if (++_depth > MaxDepth)
        {
            throw Fail($"nesting deeper than {MaxDepth}");
        }
    }

    private void SkipSpaces()
    {
        while (_pos < _s.Length && char.IsWhiteSpace(_s[_pos]))
        {
            _pos++;
        }
    }

    private char Peek()
    {
        SkipSpaces();
        return _pos < _s.Length ? _s[_pos] : '\0';
    }

    private bool AtEnd => Peek() == '\0';

    private bool TryChar(char c)
    {
        if (Peek() == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        if (!TryChar(c))
        {
            throw Fail($"expected '{c}'");
        }
    }

    private bool LookingAt(string text)
    {
        SkipSpaces();
        return string.CompareOrdinal(_s, _pos, text, 0, text.Length) == 0;
    }

    /// <summary>Reads a command name at the cursor (after the backslash) without consuming it.</summary>
    private string? PeekCommand()
    {
        SkipSpaces();
        if (_pos >= _s.Length || _s[_pos] != '\\')
        {
            return null;
        }

        var end = _pos + 1;
        while (end < _s.Length && char.IsAsciiLetter(_s[end]))
        {
            end++;
        }

        if (end == _pos + 1)
        {
            return end < _s.Length ? _s[end].ToString() : string.Empty;
        }

        return _s[(_pos + 1)..end];
    }

    private bool TryCommand(string name)
    {
        var cmd = PeekCommand();
        if (cmd == name)
        {
            _pos += 1 + name.Length;
            return true;
        }

        return false;
    }

    // ---------------------------------------------------------------- list levels

    private Node ParseBlanks()
    {
        var first = ParseList();
        if (Peek() != ';')
        {
            return first;
        }

        var items = ImmutableArray.CreateBuilder<Node>();
        items.Add(first);
        while (TryChar(';'))
        {
            if (AtEnd)
            {
                break;
            }

            items.Add(ParseList());
        }

        return new ListNode(items.ToImmutable(), ListKind.Blanks);
    }

    private Node ParseList()
    {
        var items = ImmutableArray.CreateBuilder<Node>();
        items.Add(ParseRelation());
        while (Peek() == ',')
        {
            _pos++;
            if (AtEnd || Peek() is ')' or ']' or '}' or ';')
            {
                break;
            }

            if (LookingAt("\\ldots") || LookingAt("..."))
            {
                items.Add(new Text("..."));
                _pos += LookingAt("...") ? 3 : 6;
                continue;
            }

            items.Add(ParseRelation());
        }

        return items.Count == 1 ? items[0] : new ListNode(items.ToImmutable(), ListKind.Bare);
    }

    // ---------------------------------------------------------------- relations

    private RelOp? TryRelOp()
    {
        SkipSpaces();
        if (_pos >= _s.Length)
        {
            return null;
        }

        var c = _s[_pos];
        var next = _pos + 1 < _s.Length ? _s[_pos + 1] : '\0';
        switch (c)
        {
            case '=':
                _pos += next == '=' ? 2 : 1;
                return RelOp.Eq;
            case '<':
                _pos += next == '=' ? 2 : 1;
                return next == '=' ? RelOp.Le : RelOp.Lt;
            case '>':
                _pos += next == '=' ? 2 : 1;
                return next == '=' ? RelOp.Ge : RelOp.Gt;
            case '!' when next == '=':
                _pos += 2;
                return RelOp.Ne;
            case '\\':
                var cmd = PeekCommand();
                RelOp? op = cmd switch
                {
                    "le" or "leq" or "leqslant" or "leqq" => RelOp.Le,
                    "ge" or "geq" or "geqslant" or "geqq" => RelOp.Ge,
                    "lt" => RelOp.Lt,
                    "gt" => RelOp.Gt,
                    "ne" or "neq" => RelOp.Ne,
                    "approx" or "simeq" or "sim" => RelOp.Approx,
                    "equiv" => RelOp.Eq,
                    _ => null,
                };
                if (op is not null)
                {
                    _pos += 1 + cmd!.Length;
                }

                return op;
            default:
                return null;
        }
    }

    private Node ParseRelation()
    {
        Enter();
        try
        {
            var first = ParseSetExpr();
            if (TryCommand("in"))
            {
                // "x \in S" means the answer is the set S.
                var set = ParseSetExpr();
                return first is Sym or Func ? set : new Relation([first, set], [RelOp.Eq]);
            }

            first = ParseRatioTail(first);
            var operands = ImmutableArray.CreateBuilder<Node>();
            var ops = ImmutableArray.CreateBuilder<RelOp>();
            operands.Add(first);
            while (TryRelOp() is { } op)
            {
                ops.Add(op);
                if (AtEnd || Peek() is ',' or ';')
                {
                    throw Fail("expected an expression after the relation");
                }

                operands.Add(ParseRatioTail(ParseSetExpr()));
            }

            return ops.Count == 0 ? first : new Relation(operands.ToImmutable(), ops.ToImmutable());
        }
        finally
        {
            _depth--;
        }
    }

    // Ratios and clock times (2:3, 20:34, 9:03:36) are an ordered, opaque tuple; not inside {x : condition}.
    private Node ParseRatioTail(Node first)
    {
        if (_setDepth > 0 || Peek() != ':')
        {
            return first;
        }

        var parts = ImmutableArray.CreateBuilder<Node>();
        parts.Add(first);
        while (TryChar(':'))
        {
            parts.Add(ParseSetExpr());
        }

        return new Func("ratio", parts.ToImmutable());
    }

    private Node ParseSetExpr()
    {
        var first = ParseAdditive();
        if (PeekCommand() is not ("cup" or "cap" or "setminus"))
        {
            return first;
        }

        var parts = ImmutableArray.CreateBuilder<Node>();
        parts.Add(first);
        while (PeekCommand() is "cup" or "cap" or "setminus")
        {
            var cmd = PeekCommand()!;
            _pos += 1 + cmd.Length;
            if (cmd != "cup")
            {
                // Intersections and differences are rare in answers; keep them as an opaque function.
                var right = ParseAdditive();
                var left = parts.Count == 1 ? parts[0] : new Union(parts.ToImmutable());
                parts.Clear();
                parts.Add(new Func(cmd, [left, right]));
                continue;
            }

            parts.Add(ParseAdditive());
        }

        return parts.Count == 1 ? parts[0] : new Union(parts.ToImmutable());
    }

    // ---------------------------------------------------------------- arithmetic

    private Node ParseAdditive()
    {
        Enter();
        try
        {
            var terms = new List<Node>();
            Node? pmCenter = null;
            Node? pmOffset = null;
            var first = true;
            while (true)
            {
                var c = Peek();
                int sign;
                var plusMinus = false;
                if (c == '+')
                {
                    _pos++;
                    sign = 1;
                }
                else if (c == '-')
                {
                    _pos++;
                    sign = -1;
                }
                else if (PeekCommand() is "pm" or "mp")
                {
                    _pos += 3;
                    sign = 1;
                    plusMinus = true;
                }
                else if (first)
                {
                    sign = 1;
                }
                else
                {
                    break;
                }

                if (!first && AtEnd)
                {
                    throw Fail("expected a term after the operator");
                }

                if (AtEnd || Peek() is ',' or ')' or ']' or ';' || (Peek() == '}' && !first))
                {
                    if (first && (sign != 1 || plusMinus))
                    {
                        throw Fail("expected a term after the sign");
                    }

                    break;
                }

                var term = ParseTerm();
                if (sign < 0)
                {
                    term = Negate(term);
                }

                if (plusMinus)
                {
                    pmCenter = terms.Count == 0 ? new Num(BigRational.Zero) : terms.Count == 1 ? terms[0] : new Add([.. terms]);
                    pmOffset = term;
                    terms.Clear();
                    terms.Add(pmCenter);
                    pmCenter = null;
                    var tail = new List<Node>();
                    while (Peek() is '+' or '-')
                    {
                        var neg = _s[_pos] == '-';
                        _pos++;
                        var t = ParseTerm();
                        tail.Add(neg ? Negate(t) : t);
                    }

                    var center = tail.Count == 0 ? terms[0] : new Add([terms[0], .. tail]);
                    return new PlusMinus(center, pmOffset);
                }

                terms.Add(term);
                first = false;
            }

            if (terms.Count == 0)
            {
                throw Fail("expected an expression");
            }

            return terms.Count == 1 ? terms[0] : new Add([.. terms]);
        }
        finally
        {
            _depth--;
        }
    }

    private static Node Negate(Node term) => term switch
    {
        Num n => n with { Value = -n.Value },
        _ => new Mul([new Num(-1), term]),
    };

    private Node ParseTerm()
    {
        Enter();
        try
        {
            var factors = new List<Node> { ParseUnary() };
            while (true)
            {
                var c = Peek();
                if (c is '*' || PeekCommand() is "cdot" or "times" or "ast")
                {
                    _pos += c == '*' ? 1 : 1 + PeekCommand()!.Length;
                    factors.Add(ParseUnary());
                }
                else if (c == '/' || PeekCommand() == "div")
                {
                    _pos += c == '/' ? 1 : 4;
                    var divisor = ParseUnary();
                    factors.Add(new Pow(divisor, new Num(-1)));
                }
                else if (StartsImplicitFactor())
                {
                    factors.Add(ParsePower());
                }
                else
                {
                    break;
                }
            }

            return factors.Count == 1 ? factors[0] : new Mul([.. factors]);
        }
        finally
        {
            _depth--;
        }
    }

    private bool StartsImplicitFactor()
    {
        var c = Peek();
        if (c == '\0')
        {
            return false;
        }

        if (char.IsAsciiDigit(c) || char.IsLetter(c) || c == '(' || c == '.')
        {
            return true;
        }

        if (c == '[')
        {
            // x[1 - e^{-t}]: brackets used as grouping after a factor.
            return true;
        }

        if (c == '|')
        {
            // Inside {x | ...} the bar separates a set-builder's variable from its condition.
            return _absDepth == 0 && _setDepth == 0;
        }

        if (c == '{')
        {
            return true;
        }

        if (c == '\\')
        {
            var cmd = PeekCommand();
            return cmd is not null && cmd.Length > 0 && cmd is not ("cdot" or "times" or "div" or "pm" or "mp" or "cup" or "cap"
                or "setminus" or "in" or "le" or "leq" or "ge" or "geq" or "leqslant" or "geqslant" or "lt" or "gt"
                or "ne" or "neq" or "approx" or "sim" or "simeq" or "equiv" or "}" or "\\" or "end" or "ldots" or "to"
                or "rightarrow" or "Rightarrow" or "implies" or "quad" or "text" or "mbox" or "pmod" or "bmod" or "mod"
                or "rfloor" or "rceil" or "ast" or "leqq" or "geqq" or "circ");
        }

        return false;
    }

    private Node ParseUnary()
    {
        var c = Peek();
        if (c == '-')
        {
            _pos++;
            return Negate(ParseUnary());
        }

        if (c == '+')
        {
            _pos++;
            return ParseUnary();
        }

        return ParsePower();
    }

    private Node ParsePower()
    {
        Enter();
        try
        {
            var baseNode = ParsePostfix(ParseAtom());
            if (TryChar('^'))
            {
                if (TryCommand("circ"))
                {
                    return ParsePostfix(new Degrees(baseNode));
                }

                if (Peek() == '{' && LookingAtBraced("\\circ"))
                {
                    return ParsePostfix(new Degrees(baseNode));
                }

                var exponent = ParseExponentArgument();
                return ParsePostfix(new Pow(baseNode, exponent));
            }

            return baseNode;
        }
        finally
        {
            _depth--;
        }
    }

    private bool LookingAtBraced(string inner)
    {
        SkipSpaces();
        var save = _pos;
        _pos++;
        var ok = TryCommand(inner[1..]) && TryChar('}');
        if (!ok)
        {
            _pos = save;
        }

        return ok;
    }

    private Node ParseExponentArgument()
    {
        var c = Peek();
        if (c == '{')
        {
            return ParseBraceGroup();
        }

        if (c == '-')
        {
            _pos++;
            return Negate(ParseExponentArgument());
        }

        if (char.IsAsciiDigit(c))
        {
            // x^23 in plain text means x^{23}; in LaTeX it would be x^{2}3, but answers follow the plain reading.
            // 2^3^2 is right-associative.
            var number = ParseNumber();
            return TryChar('^') ? new Pow(number, ParseExponentArgument()) : number;
        }

        return ParsePower();
    }

    private Node ParsePostfix(Node node)
    {
        while (true)
        {
            var c = Peek();
            if (c == '!' && !(_pos + 1 < _s.Length && _s[_pos + 1] == '='))
            {
                _pos++;
                node = new Factorial(node);
            }
            else if (c == '%')
            {
                _pos++;
                node = new Percent(node);
            }
            else if (c == '\'' )
            {
                _pos++;
                node = new Func("prime", [node]);
            }
            else if (PeekCommand() == "circ")
            {
                _pos += 5;
                node = new Degrees(node);
            }
            else
            {
                return node;
            }
        }
    }

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
        else if (_pos + 1 < _s.Length && _s[_pos] == '.' && !char.IsAsciiDigit(_s[_pos + 1]) && _s[_pos + 1] != '.')
        {
            // "1000." -> 1000 (a bare trailing point)
            _pos++;
        }

        if (intPart.Length + frac.Length > 2000)
        {
            throw Fail("number longer than 2000 digits");
        }

        _budget.Spend(1 + ((intPart.Length + frac.Length) / 16));
        var digits = intPart + frac;
        var value = new BigRational(
            digits.Length == 0 ? BigInteger.Zero : BigInteger.Parse(digits, CultureInfo.InvariantCulture),
            BigInteger.Pow(10, frac.Length));
        var decimals = frac.Length > 0 ? frac.Length : -1;

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
                var (nNode, _) = Parse(name[2..], _budget);
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

    private Node ParseFunction(string name)
    {
        Node? power = null;
        Node? logBase = null;
        if (name is "log" && TryChar('_'))
        {
            logBase = Peek() == '{' ? ParseBraceGroup() : ParseCommandArgument();
        }

        if (TryChar('^'))
        {
            power = ParseExponentArgument();
        }

        if (name is "log" && logBase is null && TryChar('_'))
        {
            logBase = Peek() == '{' ? ParseBraceGroup() : ParseCommandArgument();
        }

        Node arg;
        ImmutableArray<Node> args;
        if (Peek() == '(')
        {
            arg = ParseBracketed();
            args = arg is ListNode { Kind: ListKind.Paren } l ? l.Items : [arg];
        }
        else if (Peek() == '{')
        {
            arg = ParseBraceGroup();
            args = [arg];
        }
        else
        {
            // \sin 2x: the argument is the implicit product that follows, up to the next function or operator.
            var factors = new List<Node> { ParsePower() };
            while (StartsImplicitFactor() && !StartsFunction())
            {
                factors.Add(ParsePower());
            }

            args = [factors.Count == 1 ? factors[0] : new Mul([.. factors])];
        }

        if (logBase is not null)
        {
            args = [args[0], logBase];
        }

        var canonical = name switch { "lg" => "log", "arctan" => "atan", _ => name };
        Node result = new Func(canonical, args);
        if (power is not null)
        {
            // \sin^{-1} x is arcsin x; \sin^2 x is (\sin x)^2.
            result = power is Num { Value: var p } && p == -BigRational.One && name is "sin" or "cos" or "tan"
                ? new Func("arc" + name, args)
                : new Pow(result, power);
        }

        return result;
    }

    private bool StartsFunction()
    {
        var cmd = PeekCommand();
        if (cmd is not null && KnownFunctions.Contains(cmd))
        {
            return true;
        }

        SkipSpaces();
        foreach (var f in KnownFunctions)
        {
            if (string.CompareOrdinal(_s, _pos, f, 0, f.Length) == 0)
            {
                return true;
            }
        }

        return false;
    }

    private Node ParseCommand()
    {
        var cmd = PeekCommand() ?? throw Fail("expected a command");
        _pos += 1 + cmd.Length;
        switch (cmd)
        {
            case "frac":
            {
                var n = ParseCommandArgument();
                var d = ParseCommandArgument();
                return new Mul([n, new Pow(d, new Num(-1))]);
            }

            case "sqrt":
            {
                Node index = new Num(2);
                if (Peek() == '[')
                {
                    _pos++;
                    index = ParseAdditive();
                    Expect(']');
                }

                var radicand = ParseCommandArgument();
                return new Pow(radicand, new Pow(index, new Num(-1)));
            }

            case "binom" or "choose":
                return new Func("binom", [ParseCommandArgument(), ParseCommandArgument()]);
            case "pi":
                return new Const(ConstKind.Pi);
            case "infty" or "infin":
                return new Const(ConstKind.Infinity);
            case "emptyset" or "varnothing":
                return new NamedSet(SetKind.Empty);
            case "mathbb":
            {
                var inner = ReadBalancedBraces().Trim();
                return inner == "R" ? new NamedSet(SetKind.Reals) : new Sym("mathbb" + inner);
            }

            case "{":
            {
                Enter();
                try
                {
                    if (LookingAt("\\}"))
                    {
                        _pos += 2;
                        return new NamedSet(SetKind.Empty);
                    }

                    _setDepth++;
                    var first = ParseBlanks();
                    _setDepth--;
                    if (TryChar('|') || TryChar(':'))
                    {
                        // Set-builder {x | condition}: the condition is the answer.
                        first = ParseBlanks();
                    }

                    if (!TryCommand("}"))
                    {
                        throw Fail("expected '\\}'");
                    }

                    return first is ListNode { Kind: ListKind.Bare } l ? l with { Kind = ListKind.Brace } : first is Relation ? first : new ListNode([first], ListKind.Brace);
                }
                finally
                {
                    _depth--;
                }
            }

            case "lfloor":
            {
                var inner = ParseAdditive();
                TryCommand("rfloor");
                return new Func("floor", [inner]);
            }

            case "lceil":
            {
                var inner = ParseAdditive();
                TryCommand("rceil");
                return new Func("ceil", [inner]);
            }

            case "text" or "textrm" or "textnormal" or "mbox" or "mathrm" or "rm" or "hbox" or "textsf" or "texttt":
                return ParseTextArgument();
            case "begin":
                return ParseEnvironment();
            case "overline" or "bar" or "vec" or "hat" or "tilde" or "widehat" or "overrightarrow" or "dot" or "ddot":
            {
                var inner = ParseCommandArgument();
                return inner is Sym s ? new Sym(cmd + "(" + s.Name + ")") : new Func(cmd, [inner]);
            }

            case "ldots":
                return new Text("...");
            case "angle" or "triangle" or "square":
                return ParseCommandArgumentOrSymbol(cmd);
            default:
                if (KnownFunctions.Contains(cmd))
                {
                    return ParseFunction(cmd);
                }

                if (Greek.TryGetValue(cmd, out var letter))
                {
                    return Symbol(letter);
                }

                if (cmd.Length > 1 && char.IsAsciiLetter(cmd[0]))
                {
                    // Unknown commands (\Omega, \hbar, \zzz) are opaque symbols, not errors.
                    return Symbol("\\" + cmd);
                }

                throw Fail($"unexpected '\\{cmd}'");
        }
    }

    private Node ParseCommandArgumentOrSymbol(string cmd) =>
        StartsImplicitFactor() ? new Func(cmd, [ParsePower()]) : new Sym(cmd);

    private Node ParseTextArgument()
    {
        var raw = Peek() == '{' ? ReadBalancedBraces() : string.Empty;
        var trimmed = raw.Trim();
        if (trimmed.Length == 0)
        {
            return new Text(string.Empty);
        }

        // \text{13}, \text{(C)}: numbers and letters inside \text are the answer, not a label.
        var (inner, error) = Parse(LatexNormalizer.Normalize(trimmed), _budget);
        if (error is null && inner is not null && inner is not Mul && inner is not Add)
        {
            return inner;
        }

        return new Text(NormalizeWords(trimmed));
    }

    internal static string NormalizeWords(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c is '\'' or '-' or '.' or ':' or '/')
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }

                sb.Append(c);
                space = false;
            }
            else
            {
                space = true;
            }
        }

        return sb.ToString().Trim('.', ' ');
    }

    private Node ParseEnvironment()
    {
        var name = ReadBalancedBraces().Trim().TrimEnd('*');
        if (name is "array" && Peek() == '{')
        {
            ReadBalancedBraces();
        }

        var rows = ImmutableArray.CreateBuilder<ImmutableArray<Node>>();
        var row = ImmutableArray.CreateBuilder<Node>();
        while (true)
        {
            _budget.Spend();
            if (LookingAt("\\end"))
            {
                _pos += 4;
                var endName = ReadBalancedBraces().Trim().TrimEnd('*');
                if (endName != name)
                {
                    throw Fail($"expected \\end{{{name}}}");
                }

                if (row.Count > 0)
                {
                    rows.Add(row.ToImmutable());
                }

                break;
            }

            if (AtEnd)
            {
                throw Fail($"expected \\end{{{name}}}");
            }

            if (LookingAt("\\\\"))
            {
                _pos += 2;
                rows.Add(row.ToImmutable());
                row = ImmutableArray.CreateBuilder<Node>();
                continue;
            }

            if (TryChar('&'))
            {
                continue;
            }

            row.Add(ParseRelation());
        }

        var built = rows.Where(r => r.Length > 0).ToImmutableArray();
        if (name is "cases" or "aligned" or "align" or "gathered" or "gather" or "eqnarray")
        {
            return new ListNode([.. built.SelectMany(r => r.Length == 1 ? r : [new ListNode(r, ListKind.Paren)])], ListKind.Bare);
        }

        return name is "vmatrix" ? new Func("det", [new Matrix(built)]) : new Matrix(built);
    }
}
