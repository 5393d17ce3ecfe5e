namespace Mario.Eval.Scoring;

/// <summary>
/// Majority vote that clusters answers by equivalence, not string equality: <c>0.5</c>, <c>\frac{1}{2}</c> and
/// <c>1/2</c> are one cluster. Each answer joins the first cluster whose representative it is equivalent to.
/// </summary>
public static class MajorityVote
{
    /// <summary>
    /// Clusters <paramref name="answers"/> (nulls, i.e. no extracted answer, are ignored) and returns the clusters
    /// ordered by total weight, heaviest first; ties go to the cluster that appeared first.
    /// </summary>
    /// <param name="answers">Candidate final answers in sampling order.</param>
    /// <param name="checker">The equivalence relation used to cluster.</param>
    /// <param name="weights">Optional weight per answer (e.g. a value score); 1 each when null.</param>
    public static IReadOnlyList<VoteCluster> Vote(
        IReadOnlyList<string?> answers, IEquivalenceChecker checker, IReadOnlyList<double>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(checker);
        if (weights is not null && weights.Count != answers.Count)
        {
            throw new ArgumentException($"Expected {answers.Count} weights, got {weights.Count}.", nameof(weights));
        }

        var clusters = new List<(string Representative, List<int> Members, double Weight)>();
        for (var i = 0; i < answers.Count; i++)
        {
            var answer = answers[i];
            if (answer is null)
            {
                continue;
            }

            var weight = weights?[i] ?? 1.0;
            var joined = false;
            for (var c = 0; c < clusters.Count; c++)
            {
                if (checker.Check(clusters[c].Representative, answer).IsEquivalent)
                {
                    clusters[c].Members.Add(i);
                    clusters[c] = clusters[c] with { Weight = clusters[c].Weight + weight };
                    joined = true;
                    break;
                }
            }

            if (!joined)
            {
                clusters.Add((answer, [i], weight));
            }
        }

        // A stable sort keeps first-appearance order among equal weights.
        return clusters
            .Select((c, order) => (c, order))
            .OrderByDescending(x => x.c.Weight)
            .ThenBy(x => x.order)
            .Select(x => new VoteCluster(x.c.Representative, x.c.Members, x.c.Weight))
            .ToList();
    }
}
