namespace Mario.Eval.Expressions;

/// <summary>
/// A counted work budget: every parse and evaluation step spends from it, big-number arithmetic spends in proportion
/// to the machine words it touches, and once it is spent the check stops with <see cref="Outcome.Unknown"/>. It is
/// pure counting, never a clock, so the same inputs give the same verdict on an idle or a loaded machine.
/// </summary>
internal sealed class WorkBudget(long steps)
{
    private long _remaining = steps;

    /// <summary>The steps this budget started with.</summary>
    public long Limit { get; } = steps;

    /// <summary>Steps spent so far, 0..<see cref="Limit"/>: a charge that would overdraw is refused before its work is done.</summary>
    public long Spent => Limit - _remaining;

    /// <summary>Spends <paramref name="cost"/> steps (0 or more) before the work they pay for; throws <see cref="BudgetExceededException"/> when they are not left.</summary>
    public void Spend(long cost = 1)
    {
        if (cost > _remaining)
        {
            throw new BudgetExceededException(WorkLimit.Steps, $"{Limit} steps spent or due ({Spent} done, {cost} more needed)");
        }

        _remaining -= cost;
    }

    /// <summary>
    /// Spends the cost of one big-number operation on operands of <paramref name="bitsA"/> and <paramref name="bitsB"/>
    /// bits: schoolbook multiplication and GCD are quadratic in the words, copies and carries linear, so both are counted.
    /// </summary>
    public void SpendBits(long bitsA, long bitsB)
    {
        var wa = (bitsA >> 6) + 1;
        var wb = (bitsB >> 6) + 1;
        Spend(1 + ((wa * wb) >> WordShift) + ((wa + wb) >> 3));
    }

    // One step per 2^WordShift word products: calibrated with `dotnet run --project bench/Mario.Benchmarks -c Release -- checker` so a step costs about as much
    // time as a parse step (docs/checker.md).
    private const int WordShift = 4;
}
