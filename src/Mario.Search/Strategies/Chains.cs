using Mario.Search.Tree;

namespace Mario.Search.Strategies;

/// <summary>Samples k independent chains below the root, step by step, batching the live chains per step.</summary>
internal static class Chains
{
    /// <summary>Returns the k leaves (terminal nodes), in chain order.</summary>
    public static async ValueTask<IReadOnlyList<SearchNode>> SampleAsync(
        SearchRun run, int count, float temperature, int maxDepth, CancellationToken cancellationToken)
    {
        var rules = new ExpansionRules(maxDepth, MaxConsecutiveCodeErrors: int.MaxValue, SampleDedupe.None);

        // The first step of all k chains is one request for k samples; no dedupe, so chains stay independent.
        var first = await run.ExpandAsync([new Expansion(run.Root, count, temperature)], rules, cancellationToken).ConfigureAwait(false);
        var leaves = first[0].ToArray();
        while (true)
        {
            var live = Enumerable.Range(0, leaves.Length).Where(i => leaves[i].Terminal is null).ToList();
            if (live.Count == 0)
            {
                return leaves;
            }

            var next = await run.ExpandAsync(live.Select(i => new Expansion(leaves[i], 1, temperature)).ToList(), rules, cancellationToken)
                .ConfigureAwait(false);
            for (var j = 0; j < live.Count; j++)
            {
                leaves[live[j]] = next[j][0];
            }
        }
    }
}
