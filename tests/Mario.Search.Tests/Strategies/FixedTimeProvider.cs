namespace Mario.Search.Tests.Strategies;

/// <summary>A clock that never moves, so elapsed times in results are zero and snapshots are stable.</summary>
internal sealed class FixedTimeProvider : TimeProvider
{
    public override long GetTimestamp() => 0;
}
