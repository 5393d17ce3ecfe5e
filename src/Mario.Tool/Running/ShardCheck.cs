using System.Globalization;
using Mario.Tool.Runs;
using Mario.Tool.Suites;

namespace Mario.Tool.Running;

/// <summary>
/// What shards must share to be merged: everything that shapes a result except the shard spec (suite and its data,
/// model identity, strategy and every option, seed, step format, sandbox, tool version), and shard specs i/n that
/// name every shard of one n exactly once. Concurrency and the data folder do not change results (as for a resume)
/// and may differ; the merged run records shard 1/n's. Pure functions over the shards' run.json and summary.json.
/// </summary>
public static class ShardCheck
{
    /// <summary>The fields that must agree, as (name, value) in a fixed order; a missing value reads <c>none</c>.</summary>
    public static IReadOnlyList<(string Field, string Value)> Identity(RunShard shard)
    {
        ArgumentNullException.ThrowIfNull(shard);
        var s = shard.Summary;
        var options = s.Options;
        var fields = new List<(string, string)>
        {
            ("suite", s.Suite.Id),
            ("--suite", shard.Run.Options.Suite),
            ("suite version", s.Suite.Version.ToString(CultureInfo.InvariantCulture)),
            ("suite data file", s.Suite.DataFile),
            ("suite data sha256", s.Suite.DataSha256),
            ("model", s.Model),
            ("model sha256", s.ModelSha256 ?? "none"),
            ("value model", s.ValueModel ?? "none"),
            ("value model sha256", s.ValueModelSha256 ?? "none"),
            ("strategy", s.Strategy),
            ("solver", s.Solver),
            ("strategy options", string.Join(",", options.Strategy.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}"))),
            ("step format", s.StepFormat),
            ("sandbox", s.Sandbox),
            ("unsafe sandbox", s.UnsafeSandbox ? "true" : "false"),
            ("seed", s.Seed.ToString(CultureInfo.InvariantCulture)),
            ("max tokens", options.MaxTokens.ToString(CultureInfo.InvariantCulture)),
            ("limit", options.Limit?.ToString(CultureInfo.InvariantCulture) ?? "none"),
            ("ids", options.Ids is null ? "none" : string.Join(",", options.Ids)),
            ("tool version", s.Tool.Version),
            ("tool commit", s.Tool.Commit),
        };
        return fields;
    }

    /// <summary>The first field in which a shard differs from the first shard, as one line naming both; null when all agree.</summary>
    public static string? FirstDifference(IReadOnlyList<RunShard> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 0)
        {
            return null;
        }

        var first = Identity(shards[0]);
        foreach (var shard in shards.Skip(1))
        {
            var other = Identity(shard);
            for (var i = 0; i < first.Count; i++)
            {
                if (!string.Equals(first[i].Value, other[i].Value, StringComparison.Ordinal))
                {
                    return $"the shards differ in {first[i].Field}: {shards[0].Path} has '{first[i].Value}', {shard.Path} has '{other[i].Value}'; merge only shards of one run (the same options apart from --shard)";
                }
            }
        }

        return null;
    }

    /// <summary>
    /// The shard specs: every shard was run with <c>--shard i/n</c>, all with one n, and together they name 1/n..n/n
    /// once each; also refuses <c>--limit</c>, which is applied within each shard. Returns the shards in index order
    /// and their count, or one line.
    /// </summary>
    public static (IReadOnlyList<RunShard> Ordered, int Count, string? Error) Specs(IReadOnlyList<RunShard> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var byIndex = new SortedDictionary<int, RunShard>();
        var count = 0;
        foreach (var shard in shards)
        {
            if (shard.Summary.Options.Shard is not { } text || ShardSpec.Parse(text).Shard is not { } spec)
            {
                return ([], 0, $"{shard.Path} is not a shard (it was run without --shard); merge the folders of 'dotnet mario eval --shard i/n' runs");
            }

            if (shard.Summary.Options.Limit is { } limit)
            {
                return ([], 0, $"{shard.Path} was run with --limit {limit}, which is applied within each shard, so the shards are not one selection; run the shards without --limit (pick problems with --ids)");
            }

            if (count != 0 && spec.Count != count)
            {
                return ([], 0, $"the shards differ in shard count: {shards[0].Path} is {shards[0].Summary.Options.Shard}, {shard.Path} is {text}");
            }

            count = spec.Count;
            if (byIndex.TryGetValue(spec.Index, out var twin))
            {
                return ([], 0, $"shard {spec} is given twice: {twin.Path} and {shard.Path}");
            }

            byIndex[spec.Index] = shard;
        }

        var missing = Enumerable.Range(1, count).Where(i => !byIndex.ContainsKey(i)).Select(i => $"{i}/{count}").ToList();
        return missing.Count > 0
            ? ([], 0, $"shard{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} {(missing.Count > 1 ? "are" : "is")} missing (given: {string.Join(", ", byIndex.Keys.Select(i => $"{i}/{count}"))})")
            : (byIndex.Values.ToList(), count, null);
    }

    /// <summary>
    /// Checks that the shards' lines cover <paramref name="selection"/> (problem ids in suite order) exactly once;
    /// returns each id's line in suite order, or one line naming duplicate, foreign or missing ids.
    /// </summary>
    public static (IReadOnlyList<SampleLine>? Lines, string? Error) Cover(IReadOnlyList<RunShard> shards, IReadOnlyList<string> selection, int count, string suite)
    {
        ArgumentNullException.ThrowIfNull(shards);
        ArgumentNullException.ThrowIfNull(selection);
        var position = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < selection.Count; i++)
        {
            position[selection[i]] = i;
        }

        var found = new Dictionary<string, (SampleLine Line, RunShard Shard)>(StringComparer.Ordinal);
        foreach (var shard in shards)
        {
            foreach (var line in shard.Lines)
            {
                if (found.TryGetValue(line.Id, out var seen))
                {
                    return (null, seen.Shard == shard
                        ? $"problem {line.Id} is twice in {shard.Path}; each problem must be in exactly one shard once"
                        : $"problem {line.Id} is in two shards: {seen.Shard.Path} and {shard.Path}; each problem must be in exactly one shard");
                }

                if (!position.ContainsKey(line.Id))
                {
                    return (null, $"problem {line.Id} in {shard.Path} is not in the selection of suite '{suite}' the shards were run on");
                }

                found[line.Id] = (line, shard);
            }
        }

        var missing = selection.Where(id => !found.ContainsKey(id)).ToList();
        if (missing.Count > 0)
        {
            var owners = missing.Select(id => $"{position[id] % Math.Max(count, 1) + 1}/{count}").Distinct().ToList();
            return (null, $"{missing.Count} problem{(missing.Count > 1 ? "s" : "")} of suite '{suite}' {(missing.Count > 1 ? "are" : "is")} in no shard: {string.Join(", ", missing.Take(5))}{(missing.Count > 5 ? $" and {missing.Count - 5} more" : "")} (shard{(owners.Count > 1 ? "s" : "")} {string.Join(", ", owners)} should hold {(missing.Count > 1 ? "them" : "it")}; finish {(owners.Count > 1 ? "those shards" : "that shard")} with dotnet mario eval --resume)");
        }

        return (selection.Select(id => found[id].Line).ToList(), null);
    }
}
