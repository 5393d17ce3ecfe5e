using System.Diagnostics;

namespace Mario.Eval.Expressions;

/// <summary>
/// A cooperative work budget: every parse and evaluation step spends from it, and once it is spent (or the wall-clock
/// cap passes) the check stops with <see cref="Outcome.Unknown"/>. .NET cannot abort a thread, so this is the only
/// way to bound hostile input.
/// </summary>
internal sealed class WorkBudget(long steps, TimeSpan wallClock)
{
    private readonly long _deadline = Stopwatch.GetTimestamp() + (long)(wallClock.TotalSeconds * Stopwatch.Frequency);
    private readonly long _steps = steps;
    private long _remaining = steps;

    /// <summary>Steps spent so far.</summary>
    public long Spent => _steps - _remaining;

    /// <summary>True when the last exhaustion was the clock, not the step count.</summary>
    public bool TimedOut { get; private set; }

    /// <summary>Spends <paramref name="cost"/> steps; throws <see cref="BudgetExceededException"/> when exhausted.</summary>
    public void Spend(long cost = 1)
    {
        _remaining -= cost;
        if (_remaining < 0)
        {
            throw new BudgetExceededException("step budget exhausted");
        }

        if ((_remaining & 255) == 0 && Stopwatch.GetTimestamp() > _deadline)
        {
            TimedOut = true;
            throw new BudgetExceededException("time budget exhausted");
        }
    }

    /// <summary>Checks the clock (for loops whose steps are each expensive).</summary>
    public void CheckClock()
    {
        if (Stopwatch.GetTimestamp() > _deadline)
        {
            TimedOut = true;
            throw new BudgetExceededException("time budget exhausted");
        }
    }
}

/// <summary>Thrown inside the checker when the budget runs out; caught at the checker boundary and turned into Unknown.</summary>
internal sealed class BudgetExceededException(string message) : Exception(message);
