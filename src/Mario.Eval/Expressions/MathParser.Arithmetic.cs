using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Mario.Eval.Expressions;

internal sealed partial class MathParser
{
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
}
