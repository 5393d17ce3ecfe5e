namespace Mario.Testing;

/// <summary>A clock whose timestamp never moves, so elapsed times are zero and outputs are byte-stable.</summary>
public sealed class FixedTimeProvider : TimeProvider
{
    /// <inheritdoc />
    public override long GetTimestamp() => 0;
}
