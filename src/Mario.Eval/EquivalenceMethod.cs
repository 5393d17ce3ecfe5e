namespace Mario.Eval;

/// <summary>Which stage of the equivalence cascade decided a verdict (cheapest first).</summary>
public enum EquivalenceMethod
{
    /// <summary>Normalised strings are equal (or an answer was empty).</summary>
    String,

    /// <summary>Exact rational arithmetic.</summary>
    Exact,

    /// <summary>Canonical symbolic forms agree or differ.</summary>
    Symbolic,

    /// <summary>Structure (sets, tuples, intervals, matrices, relations) compared element-wise.</summary>
    Structural,

    /// <summary>Numeric comparison within a tolerance, or probing at seeded random points.</summary>
    Numeric,

    /// <summary>The work budget ran out before a decision.</summary>
    Budget,

    /// <summary>An answer could not be parsed.</summary>
    Parse,
}
