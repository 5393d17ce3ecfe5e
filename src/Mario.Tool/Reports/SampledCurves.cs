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
        var clusters = samples.Select(s => s.Candidates.Select(c => (Math.Max(1, c.Votes), c.Correct)).ToList()).ToList();
        var pass = new double[n];
        var maj = new double[n];
        foreach (var problem in clusters)
        {
            // One maj@k curve per problem (all k at once), not one per k.
            var population = Math.Max(n, problem.Sum(c => c.Item1));
            var curve = MajorityAtK.Curve(problem, population);
            var correct = Math.Min(n, problem.Where(c => c.Correct).Sum(c => c.Item1));
            for (var k = 1; k <= n; k++)
            {
                pass[k - 1] += Metrics.PassAtK(n, correct, k);
                maj[k - 1] += curve[k - 1];
            }
        }

        var result = new List<(int, double, double)>(n);
        for (var k = 1; k <= n; k++)
        {
            result.Add((k, clusters.Count == 0 ? 0 : pass[k - 1] / clusters.Count, clusters.Count == 0 ? 0 : maj[k - 1] / clusters.Count));
        }

        return result;
    }

    /// <summary>
    /// The probability that a majority vote over k of the n samples, drawn uniformly without replacement, picks a
    /// correct answer. Samples outside every cluster (no answer) take part in the draw but do not vote; a tie at the
    /// top shares the credit equally among the tied clusters (the expected outcome of a random tie-break, where a run
    /// breaks ties by first appearance). Exact, through Mario.Eval's <see cref="MajorityAtK"/>.
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

        // A malformed line (more votes than samples): treat the votes as the population. The arithmetic is the one
        // owner's, Mario.Eval's MajorityAtK, which also fills summary.json's majAtK.
        var population = Math.Max(n, clusters.Sum(c => c.Votes));
        return MajorityAtK.Curve(clusters, population)[k - 1];
    }
}
