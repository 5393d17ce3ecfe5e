namespace Mario.Eval.Scoring;

/// <summary>
/// maj@k for every k from one run of N samples: the expected majority-vote accuracy over a k-subset of the N samples
/// drawn uniformly without replacement, computed exactly (not by resampling).
/// </summary>
/// <remarks>
/// This is the construction of the unbiased pass@k estimator (Chen et al., 2021, "Evaluating Large Language Models
/// Trained on Code", arXiv:2107.03374, eq. 1: the expectation over all C(N, k) subsets of the N drawn samples)
/// applied to majority voting (self-consistency: Wang et al., 2022, arXiv:2203.11171), so maj@k from one run of N
/// samples is an unbiased estimate of the accuracy of a run that drew only k. The answer clusters are the run's (the
/// strategy clustered by equivalence); a sample without an answer does not vote, and a subset in which no sample
/// answered is wrong. Clusters tied for the most votes win with equal probability: the strategy breaks ties by first
/// appearance, and under exchangeable samples each of t tied clusters appears first with probability 1/t, so this is
/// the strategy's expected accuracy over sample orders. maj@N can therefore differ from the run's accuracy on a
/// problem whose full vote is tied; maj@1 equals pass@1.
/// </remarks>
public static class MajorityAtK
{
    /// <summary>The largest sample count the curve is computed for; binomials up to C(1024, 512) fit a double.</summary>
    public const int MaxSamples = 1024;

    /// <summary>
    /// The curve for one problem: element k - 1 is maj@k in [0, 1] for k = 1..<paramref name="samples"/>.
    /// </summary>
    /// <param name="clusters">Each answer cluster's votes (at least 1) and whether its answer is correct.</param>
    /// <param name="samples">N, the samples drawn, at least the total votes (the rest had no answer), 1..<see cref="MaxSamples"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">When N is out of range, a cluster has no vote, or the votes exceed N.</exception>
    public static double[] Curve(IReadOnlyList<(int Votes, bool Correct)> clusters, int samples)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentOutOfRangeException.ThrowIfLessThan(samples, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(samples, MaxSamples);
        if (clusters.Any(c => c.Votes < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(clusters), "Every cluster has at least one vote.");
        }

        var voted = clusters.Sum(c => c.Votes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(voted, samples, nameof(clusters));
        var abstained = samples - voted;
        var wins = new double[samples + 1];
        for (var g = 0; g < clusters.Count; g++)
        {
            if (clusters[g].Correct)
            {
                AddWins(clusters, g, abstained, samples, wins);
            }
        }

        var curve = new double[samples];
        for (var k = 1; k <= samples; k++)
        {
            curve[k - 1] = Math.Clamp(wins[k] / Binomial(samples, k), 0, 1);
        }

        return curve;
    }

    /// <summary>The mean curve over problems that all drew <paramref name="samples"/>; all zeros for none.</summary>
    public static double[] MeanCurve(IReadOnlyList<IReadOnlyList<(int Votes, bool Correct)>> problems, int samples)
    {
        ArgumentNullException.ThrowIfNull(problems);
        var mean = new double[samples];
        foreach (var problem in problems)
        {
            var curve = Curve(problem, samples);
            for (var i = 0; i < samples; i++)
            {
                mean[i] += curve[i] / problems.Count;
            }
        }

        return mean;
    }

    /// <summary>
    /// Adds, for every subset size k, the number of k-subsets in which cluster <paramref name="g"/> wins (a t-way tie
    /// for the most votes counting 1/t) to <paramref name="wins"/>[k].
    /// </summary>
    private static void AddWins(IReadOnlyList<(int Votes, bool Correct)> clusters, int g, int abstained, int samples, double[] wins)
    {
        var own = clusters[g].Votes;
        var ownRow = BinomialRow(own);
        var abstainRow = BinomialRow(abstained);
        for (var j = 1; j <= own; j++)
        {
            // ways[s, t]: ways to draw s samples from the other clusters and the abstentions such that every other
            // cluster gets fewer than j votes, except t of them that get exactly j (a tie with g).
            var rivals = 0;
            for (var h = 0; h < clusters.Count; h++)
            {
                rivals += h != g && clusters[h].Votes >= j ? 1 : 0;
            }

            var ways = new double[samples + 1, rivals + 1];
            for (var s = 0; s <= abstained; s++)
            {
                ways[s, 0] = abstainRow[s];
            }

            var reach = abstained;
            for (var h = 0; h < clusters.Count; h++)
            {
                if (h == g)
                {
                    continue;
                }

                var votes = clusters[h].Votes;
                var row = BinomialRow(votes);
                var next = new double[samples + 1, rivals + 1];
                for (var s = 0; s <= reach; s++)
                {
                    for (var t = 0; t <= rivals; t++)
                    {
                        var w = ways[s, t];
                        if (w == 0)
                        {
                            continue;
                        }

                        for (var x = 0; x < j && x <= votes; x++)
                        {
                            next[s + x, t] += w * row[x];
                        }

                        if (votes >= j && t < rivals)
                        {
                            next[s + j, t + 1] += w * row[j];
                        }
                    }
                }

                ways = next;
                reach += Math.Min(votes, j);
            }

            for (var s = 0; s <= reach && s + j <= samples; s++)
            {
                var total = 0.0;
                for (var t = 0; t <= rivals; t++)
                {
                    total += ways[s, t] / (t + 1);
                }

                wins[s + j] += ownRow[j] * total;
            }
        }
    }

    /// <summary>C(n, 0..n) as doubles, each exact to double precision.</summary>
    private static double[] BinomialRow(int n)
    {
        var row = new double[n + 1];
        row[0] = 1;
        for (var x = 1; x <= n; x++)
        {
            row[x] = Binomial(n, x);
        }

        return row;
    }

    private static double Binomial(int n, int k)
    {
        k = Math.Min(k, n - k);
        var value = 1.0;
        for (var i = 1; i <= k; i++)
        {
            value = value * (n - k + i) / i;
        }

        // Below 2^53 every integer is exact: round away the division's error.
        return value < 9e15 ? Math.Round(value) : value;
    }
}
