namespace Mario.Eval.Expressions;

/// <summary>
/// Thrown inside the checker when a counted limit runs out; caught only at the checker boundary and turned into an
/// Unknown verdict naming <see cref="Limit"/>. It is the one exception the checker expects: anything else is a bug.
/// </summary>
internal sealed class BudgetExceededException(WorkLimit limit, string message) : Exception(message)
{
    /// <summary>Which limit ran out.</summary>
    public WorkLimit Limit { get; } = limit;
}
