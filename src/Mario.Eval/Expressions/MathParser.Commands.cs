using System.Collections.Immutable;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Mario.Eval.Expressions;

internal sealed partial class MathParser
{
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

                if (cmd is "sum" or "prod" or "int" or "iint" or "oint" or "lim" or "limsup" or "liminf")
                {
                    // Series, integrals and limits are not evaluated; such answers compare as text.
                    throw Fail($"\\{cmd} is not supported");
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
        var (inner, error) = Parse(LatexNormalizer.Normalize(trimmed), _budget, _depth);
        if (error is null && inner is not null && inner is not Mul && inner is not Add)
        {
            return inner;
        }

        return new Text(NormalizeWords(trimmed));
    }

    // Characters that are neither words nor punctuation (lone surrogates, private use, unassigned, pictographs) are kept:
    // dropping them would make "1\ud800" and "1\udbff" the same text.
    private static bool IsOpaque(char c) => char.GetUnicodeCategory(c) is System.Globalization.UnicodeCategory.Surrogate
        or System.Globalization.UnicodeCategory.PrivateUse or System.Globalization.UnicodeCategory.OtherNotAssigned
        or System.Globalization.UnicodeCategory.OtherSymbol;

    internal static string NormalizeWords(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c is '\'' or '-' or '.' or ':' or '/' || IsOpaque(c))
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
