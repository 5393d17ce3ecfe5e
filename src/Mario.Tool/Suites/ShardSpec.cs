namespace Mario.Tool.Suites;

/// <summary>Shard <c>Index</c> of <c>Count</c> (1-based): problem k (0-based, after <c>--ids</c>) belongs to shard (k mod Count) + 1.</summary>
/// <param name="Index">This shard, 1..Count.</param>
/// <param name="Count">Number of shards, at least 1.</param>
public sealed record ShardSpec(int Index, int Count)
{
    /// <summary>Parses <c>i/n</c> with 1 &lt;= i &lt;= n; returns a one-line error otherwise.</summary>
    public static (ShardSpec? Shard, string? Error) Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length != 2 || !int.TryParse(parts[0], out var index) || !int.TryParse(parts[1], out var count))
        {
            return (null, $"--shard '{text}': expected i/n, e.g. --shard 2/4");
        }

        if (count < 1 || index < 1 || index > count)
        {
            return (null, $"--shard {text}: shard index must be in 1..{Math.Max(count, 1)} for {count} shard(s), e.g. --shard 1/{Math.Max(count, 1)}");
        }

        return (new ShardSpec(index, count), null);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Index}/{Count}";
}
