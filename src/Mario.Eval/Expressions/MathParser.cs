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
internal sealed partial class MathParser
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

    private MathParser(string text, WorkBudget budget, int depth)
    {
        _s = text;
        _budget = budget;
        _depth = depth;
    }

    /// <summary>Parses a cleaned answer; returns the node or a positioned error.</summary>
    /// <exception cref="BudgetExceededException">The step budget ran out or the nesting is deeper than the parser follows.</exception>
    public static (Node? Node, ParseError? Error) Parse(string text, WorkBudget budget) => Parse(text, budget, 0);

    // Nested parses (\text{...} contents, C_n^k) continue the outer depth, so nesting them cannot overflow the stack.
    private static (Node? Node, ParseError? Error) Parse(string text, WorkBudget budget, int depth)
    {
        var parser = new MathParser(text, budget, depth);
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
            // Not a syntax error: the answer may be well formed, it is just deeper than we read. Unknown, not "different".
            throw new BudgetExceededException(WorkLimit.Depth, $"nesting deeper than {MaxDepth} levels");
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

}
