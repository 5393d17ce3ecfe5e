using Mario.Eval.Scoring;
using Mario.Tool.Runs;

namespace Mario.Tool.Reports;

/// <summary>
/// maj@k and pass@k for k = 1..n from one run that drew n independent samples per problem (maj, bon), computed from
/// each sample line's candidates (answer clusters with their votes and verdicts). Both are expectations over the
/// k-subsets of the n samples, so the curves are smooth and need no resampling.
/// </summary>
public static class SampledCurves
{
    /// <summary>The mean of pass@k (the unbiased estimator, <see cref="Metrics.PassAtK"/>) and maj@k over the run's problems, for k = 1..n.</summary>
    /// <param name="samples">The run's sample lines.</param>
    /// <param name="n">Samples drawn per problem, at least 1.</param>
    /// <returns>One (k, pass@k, maj@k) per k, both in [0, 1].</returns>
    public static IReadOnlyList<(int K, double PassAtK, double MajAtK)> Compute(IReadOnlyList<SampleLine> samples, int n)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        var result = new List<(int, double, double)>();
        var clusters = samples.Select(s => s.Candidates.Select(c => (Math.Max(1, c.Votes), c.Correct)).ToList()).ToList();
        for (var k = 1; k <= n; k++)
        {
            var pass = 0.0;
            var maj = 0.0;
            foreach (var problem in clusters)
            {
                var correct = Math.Min(n, problem.Where(c => c.Correct).Sum(c => c.Item1));
                pass += Metrics.PassAtK(n, correct, k);
                maj += ExpectedMajority(problem, n, k);
            }

            result.Add((k, clusters.Count == 0 ? 0 : pass / clusters.Count, clusters.Count == 0 ? 0 : maj / clusters.Count));
        }

        return result;
    }

    /// <summary>
    /// The probability that a majority vote over k of the n samples, drawn uniformly without replacement, picks a
    /// correct answer. Samples outside every cluster (no answer) take part in the draw but do not vote; a tie at the
    /// top shares the credit equally among the tied clusters (the expected outcome of a random tie-break, where a run
    /// breaks ties by first appearance). Exact: a dynamic programme over clusters counting subsets.
    /// </summary>
    /// <param name="clusters">Each answer cluster's votes (at least 1) and whether it is correct; votes sum to at most n.</param>
    /// <param name="n">Samples drawn per problem.</param>
    /// <param name="k">Samples voting, 1..n.</param>
    /// <returns>A probability in [0, 1].</returns>
    public static double ExpectedMajority(IReadOnlyList<(int Votes, bool Correct)> clusters, int n, int k)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        var voted = clusters.Sum(c => c.Votes);
        if (voted > n)
        {
            // A malformed line (more votes than samples): treat the votes as the population.
            n = voted;
        }

        var silent = n - voted;
        var total = Binomial(n, k);
        var probability = 0.0;
        for (var c = 0; c < clusters.Count; c++)
        {
            if (!clusters[c].Correct)
            {
                continue;
            }

            for (var j = 1; j <= Math.Min(clusters[c].Votes, k); j++)
            {
                // ways[s, t]: ways to draw s samples from the other clusters and the silent samples, each other cluster
                // drawing at most j, t of them exactly j.
                var ways = new double[k - j + 1, clusters.Count];
                ways[0, 0] = 1;
                for (var g = 0; g < clusters.Count; g++)
                {
                    if (g != c)
                    {
                        ways = AddGroup(ways, clusters[g].Votes, j);
                    }
                }

                ways = AddGroup(ways, silent, int.MaxValue);
                var share = 0.0;
                for (var t = 0; t < clusters.Count; t++)
                {
                    share += ways[k - j, t] / (t + 1);
                }

                probability += Binomial(clusters[c].Votes, j) * share / total;
            }
        }

        return Math.Clamp(probability, 0, 1);
    }

    private static double[,] AddGroup(double[,] ways, int size, int cap)
    {
        var draws = ways.GetLength(0);
        var ties = ways.GetLength(1);
        var next = new double[draws, ties];
        for (var s = 0; s < draws; s++)
        {
            for (var t = 0; t < ties; t++)
            {
                if (ways[s, t] == 0)
                {
                    continue;
                }

                for (var x = 0; x <= Math.Min(size, cap) && s + x < draws; x++)
                {
                    var tie = x == cap ? 1 : 0;
                    if (t + tie < ties)
                    {
                        next[s + x, t + tie] += ways[s, t] * Binomial(size, x);
                    }
                }
            }
        }

        return next;
    }

    private static double Binomial(int n, int k)
    {
        if (k < 0 || k > n)
        {
            return 0;
        }

        k = Math.Min(k, n - k);
        var result = 1.0;
        for (var i = 1; i <= k; i++)
        {
            result = result * (n - k + i) / i;
        }

        return result;
    }
}
