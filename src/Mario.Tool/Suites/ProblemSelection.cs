using Mario.Search;

namespace Mario.Tool.Suites;

/// <summary>Which problems of a suite to run: <c>--ids</c>, then <c>--shard</c>, then <c>--limit</c>, in that order.</summary>
/// <param name="Ids">Only these ids (in file order), or null for all.</param>
/// <param name="Shard">Only this shard, or null.</param>
/// <param name="Limit">At most this many problems (at least 1), or null.</param>
public sealed record ProblemSelection(IReadOnlyList<string>? Ids, ShardSpec? Shard, int? Limit)
{
    /// <summary>Applies the selection. Returns a one-line error naming ids that are not in the suite.</summary>
    public (IReadOnlyList<Problem> Problems, string? Error) Apply(LoadedSuite suite)
    {
        IEnumerable<Problem> problems = suite.Problems;
        if (Ids is { Count: > 0 })
        {
            var known = suite.Problems.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            var missing = Ids.Where(id => !known.Contains(id)).ToList();
            if (missing.Count > 0)
            {
                return ([], $"--ids: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? $" and {missing.Count - 5} more" : "")} not in suite '{suite.Manifest.Id}' (ids look like {suite.Problems[0].Id})");
            }

            var wanted = Ids.ToHashSet(StringComparer.Ordinal);
            problems = problems.Where(p => wanted.Contains(p.Id));
        }

        if (Shard is { } shard)
        {
            problems = problems.Where((_, k) => k % shard.Count == shard.Index - 1);
        }

        if (Limit is { } limit)
        {
            problems = problems.Take(limit);
        }

        return (problems.ToList(), null);
    }
}
