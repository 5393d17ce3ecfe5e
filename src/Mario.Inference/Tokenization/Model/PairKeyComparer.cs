namespace Mario.Inference.Tokenization.Model;

/// <summary>
/// Hashes a (left id, right id) pair packed into a long. The default <see cref="long"/> hash is
/// <c>left ^ right</c>, under which BPE pairs collide massively (151k merges made every lookup walk long
/// chains, a 15x slowdown); a Fibonacci multiply spreads them.
/// </summary>
internal sealed class PairKeyComparer : IEqualityComparer<long>
{
    /// <summary>The shared instance.</summary>
    public static readonly PairKeyComparer Instance = new();

    /// <inheritdoc />
    public bool Equals(long x, long y) => x == y;

    /// <inheritdoc />
    public int GetHashCode(long key) => (int)((ulong)key * 0x9E3779B97F4A7C15UL >> 32);
}
