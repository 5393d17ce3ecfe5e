using System.Text;

namespace Mario.Models.Clients;

/// <summary>
/// Which texts one scoring call sends and where each query reads its value: identical queries share an input, and for
/// PRM styles a query whose steps are a prefix of another's (same question) reads the longer input's score at its last
/// step. Inputs are ordered by the first query that reads them, so a request's body follows the caller's order.
/// </summary>
internal sealed class PoolingPlan
{
    private PoolingPlan(IReadOnlyList<Input> inputs, IReadOnlyList<Read?> reads)
    {
        Inputs = inputs;
        Reads = reads;
    }

    /// <summary>The texts to send, each with the number of scores owed for it.</summary>
    public IReadOnlyList<Input> Inputs { get; }

    /// <summary>Per query: which input and score hold its value; null for a query with no steps (value 0).</summary>
    public IReadOnlyList<Read?> Reads { get; }

    public static PoolingPlan Build(IReadOnlyList<ValueQuery> queries, RewardModelStyle style)
    {
        var shareable = RewardModelInput.ScoresEachStep(style);
        // Longest first, so a prefix finds the chain that contains it; ties keep the caller's order.
        var order = Enumerable.Range(0, queries.Count)
            .Where(i => queries[i].Steps.Count > 0)
            .OrderByDescending(i => shareable ? queries[i].Steps.Count : 0)
            .ThenBy(i => i)
            .ToList();
        var known = new Dictionary<string, (int Owner, int Score)>(StringComparer.Ordinal);
        var owners = new List<int>();
        var reads = new (int Owner, int Score)?[queries.Count];
        foreach (var i in order)
        {
            var query = queries[i];
            var key = Key(query, query.Steps.Count, style);
            if (known.TryGetValue(key, out var hit))
            {
                reads[i] = hit;
                continue;
            }

            var owner = owners.Count;
            owners.Add(i);
            reads[i] = (owner, RewardModelInput.ExpectedScores(style, query.Steps.Count) - 1);
            if (shareable)
            {
                for (var k = 1; k <= query.Steps.Count; k++)
                {
                    known.TryAdd(Key(query, k, style), (owner, k - 1));
                }
            }
            else
            {
                known[key] = reads[i]!.Value;
            }
        }

        // Renumber inputs by the first query that reads each.
        var first = new int[owners.Count];
        Array.Fill(first, int.MaxValue);
        for (var i = 0; i < queries.Count; i++)
        {
            if (reads[i] is { } r)
            {
                first[r.Owner] = Math.Min(first[r.Owner], i);
            }
        }

        var renumbered = Enumerable.Range(0, owners.Count).OrderBy(o => first[o]).ToList();
        var newIndex = new int[owners.Count];
        for (var n = 0; n < renumbered.Count; n++)
        {
            newIndex[renumbered[n]] = n;
        }

        var inputs = renumbered.Select(o =>
        {
            var q = queries[owners[o]];
            return new Input(RewardModelInput.Build(style, q.Question, q.Steps, q.StepDelimiter), RewardModelInput.ExpectedScores(style, q.Steps.Count));
        }).ToList();
        var finalReads = reads.Select(r => r is { } x ? new Read(newIndex[x.Owner], x.Score) : (Read?)null).ToList();
        return new PoolingPlan(inputs, finalReads);
    }

    // Question and steps, separated by control characters (a collision needs a step text that contains them).
    private static string Key(ValueQuery query, int steps, RewardModelStyle style)
    {
        var key = new StringBuilder(query.Question).Append('\u0000');
        if (style == RewardModelStyle.Outcome)
        {
            key.Append(query.StepDelimiter).Append('\u0000');
        }

        for (var s = 0; s < steps; s++)
        {
            key.Append(query.Steps[s]).Append('\u0001');
        }

        return key.ToString();
    }

    /// <summary>One text to send and the scores owed for it.</summary>
    public readonly record struct Input(string Text, int Scores);

    /// <summary>Where a query's value sits: input index and score index within it.</summary>
    public readonly record struct Read(int Input, int Score);
}
