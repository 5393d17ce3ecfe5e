namespace Mario.Eval.Scoring;

/// <summary>Accuracy, maj@k and the unbiased pass@k estimator (Chen et al., 2021, "Evaluating Large Language Models Trained on Code").</summary>
public static class Metrics
{
    /// <summary>Fraction correct in [0, 1]; 0 for an empty list.</summary>
    public static double Accuracy(IReadOnlyList<bool> correct)
    {
        ArgumentNullException.ThrowIfNull(correct);
        return correct.Count == 0 ? 0 : correct.Count(c => c) / (double)correct.Count;
    }

    /// <summary>
    /// Unbiased pass@k for one problem with <paramref name="n"/> samples of which <paramref name="c"/> are correct:
    /// 1 - C(n-c, k) / C(n, k), computed as a stable product. Result in [0, 1].
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">Unless 0 &lt;= c &lt;= n and 1 &lt;= k &lt;= n.</exception>
    public static double PassAtK(int n, int c, int k)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(n, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(c);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(c, n);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(k, n);
        if (n - c < k)
        {
            return 1.0;
        }

        // prod_{i=n-c+1}^{n} (1 - k/i)
        var product = 1.0;
        for (var i = n - c + 1; i <= n; i++)
        {
            product *= 1.0 - (k / (double)i);
        }

        return 1.0 - product;
    }

    /// <summary>Mean unbiased pass@k over problems given as (samples, correct) pairs; 0 for none.</summary>
    public static double MeanPassAtK(IReadOnlyList<(int Samples, int Correct)> problems, int k)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return problems.Count == 0 ? 0 : problems.Average(p => PassAtK(p.Samples, p.Correct, k));
    }

    /// <summary>
    /// maj@k for one problem: majority vote (clustered by <paramref name="checker"/>) over the first <paramref name="k"/>
    /// answers, correct when the winning cluster's representative is equivalent to <paramref name="gold"/>.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">When k is less than 1.</exception>
    public static bool MajorityAtK(IReadOnlyList<string?> answers, string gold, int k, IEquivalenceChecker checker)
    {
        ArgumentNullException.ThrowIfNull(answers);
        ArgumentNullException.ThrowIfNull(checker);
        ArgumentOutOfRangeException.ThrowIfLessThan(k, 1);
        var clusters = MajorityVote.Vote([.. answers.Take(k)], checker);
        return clusters.Count > 0 && checker.Check(gold, clusters[0].Representative).IsEquivalent;
    }
}
