using System.Collections.Immutable;

namespace Mario.Eval.Expressions;

// The immutable answer AST. Internal: callers see strings and verdicts; tests see these through InternalsVisibleTo.
// One file on purpose: the node kinds form one closed set and read best side by side.

/// <summary>Base of every answer node.</summary>
internal abstract record Node;

/// <summary>A number literal. <paramref name="Decimals"/> is the count of digits shown after the point, or -1 when exact.</summary>
internal sealed record Num(BigRational Value, int Decimals = -1) : Node;

/// <summary>A free variable (<c>x</c>, <c>a_1</c>, <c>\alpha</c>).</summary>
internal sealed record Sym(string Name) : Node;

/// <summary>The closed set of named constants.</summary>
internal enum ConstKind
{
    Pi,
    E,
    I,
    Infinity,
}

/// <summary>A named constant.</summary>
internal sealed record Const(ConstKind Kind) : Node;

/// <summary>A sum.</summary>
internal sealed record Add(ImmutableArray<Node> Terms) : Node
{
    public bool Equals(Add? other) => other is not null && Terms.SequenceEqual(other.Terms);

    public override int GetHashCode() => Terms.Length;
}

/// <summary>A product.</summary>
internal sealed record Mul(ImmutableArray<Node> Factors) : Node
{
    public bool Equals(Mul? other) => other is not null && Factors.SequenceEqual(other.Factors);

    public override int GetHashCode() => Factors.Length;
}

/// <summary>A power; roots are fractional powers.</summary>
internal sealed record Pow(Node Base, Node Exponent) : Node;

/// <summary>A known function (sin, ln, abs, ...) or an unknown named one (f(x)).</summary>
internal sealed record Func(string Name, ImmutableArray<Node> Args) : Node
{
    public bool Equals(Func? other) => other is not null && Name == other.Name && Args.SequenceEqual(other.Args);

    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}

/// <summary>n!.</summary>
internal sealed record Factorial(Node Arg) : Node;

/// <summary>A percentage: reads as the number or as the number over 100.</summary>
internal sealed record Percent(Node Value) : Node;

/// <summary>An angle in degrees: reads as the number or as radians.</summary>
internal sealed record Degrees(Node Value) : Node;

/// <summary>A number written in base n (<c>204_5</c>): digits as written and the base.</summary>
internal sealed record BaseNumber(string Digits, int Base) : Node;

/// <summary>Plain words (<c>\text{Evelyn}</c>, <c>yes</c>), kept lower-cased and space-normalised.</summary>
internal sealed record Text(string Value) : Node;

/// <summary>The closed set of relation operators.</summary>
internal enum RelOp
{
    Eq,
    Ne,
    Lt,
    Le,
    Gt,
    Ge,
    Approx,
}

/// <summary>A chain of relations: operands[0] ops[0] operands[1] ops[1] ...</summary>
internal sealed record Relation(ImmutableArray<Node> Operands, ImmutableArray<RelOp> Ops) : Node
{
    /// <summary>True when this relation was shortened from a longer chain (x = 5+5+1 = 11).</summary>
    public bool WasChain { get; init; }

    public bool Equals(Relation? other) =>
        other is not null && Operands.SequenceEqual(other.Operands) && Ops.SequenceEqual(other.Ops);

    public override int GetHashCode() => Operands.Length;
}

/// <summary>How a comma list was bracketed.</summary>
internal enum ListKind
{
    /// <summary>No brackets: <c>1, 2</c>; order-insensitive.</summary>
    Bare,

    /// <summary>Parentheses: an ordered tuple, or an open interval of two.</summary>
    Paren,

    /// <summary>Square brackets: an ordered list, or a closed interval of two.</summary>
    Bracket,

    /// <summary>Braces: a set.</summary>
    Brace,

    /// <summary>Semicolons between answers to several blanks; ordered.</summary>
    Blanks,
}

/// <summary>A comma list: tuple, set, bare list.</summary>
internal sealed record ListNode(ImmutableArray<Node> Items, ListKind Kind) : Node
{
    public bool Equals(ListNode? other) => other is not null && Kind == other.Kind && Items.SequenceEqual(other.Items);

    public override int GetHashCode() => Items.Length;
}

/// <summary>An interval with explicit end openness (mixed brackets, or converted from a pair).</summary>
internal sealed record Interval(Node Low, Node High, bool LowClosed, bool HighClosed) : Node;

/// <summary>Union of sets/intervals.</summary>
internal sealed record Union(ImmutableArray<Node> Parts) : Node
{
    public bool Equals(Union? other) => other is not null && Parts.SequenceEqual(other.Parts);

    public override int GetHashCode() => Parts.Length;
}

/// <summary>A matrix or vector (pmatrix, bmatrix, array).</summary>
internal sealed record Matrix(ImmutableArray<ImmutableArray<Node>> Rows) : Node
{
    public bool Equals(Matrix? other) =>
        other is not null && Rows.Length == other.Rows.Length
        && Rows.Zip(other.Rows).All(p => p.First.SequenceEqual(p.Second));

    public override int GetHashCode() => Rows.Length;
}

/// <summary>a ± b: the set {a + b, a - b}.</summary>
internal sealed record PlusMinus(Node Center, Node Offset) : Node;

/// <summary>A named set: the reals, the empty set.</summary>
internal enum SetKind
{
    Reals,
    Empty,
}

/// <summary>A named set constant.</summary>
internal sealed record NamedSet(SetKind Kind) : Node;
