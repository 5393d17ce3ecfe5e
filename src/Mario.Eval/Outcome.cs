namespace Mario.Eval;

/// <summary>The three possible results of an equivalence check.</summary>
public enum Outcome
{
    /// <summary>The two answers denote the same mathematical object.</summary>
    Equivalent,

    /// <summary>The two answers differ.</summary>
    NotEquivalent,

    /// <summary>The budget ran out or an answer could not be interpreted; counted as not equivalent, reported separately.</summary>
    Unknown,
}
