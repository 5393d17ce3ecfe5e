using Mario.Eval.Scoring;
using Mario.Tool.Reports;

namespace Mario.Tool.Tests.Reports;

/// <summary>The report's pure computations: the Pareto front, maj@k against brute force, histograms, Markdown escaping.</summary>
public sealed class ReportMathTests
{
    public static TheoryData<double[], double[], int[]> Fronts() => new()
    {
        // cost, accuracy -> indices on the front by increasing cost
        { [1, 2, 3], [0.3, 0.5, 0.8], [0, 1, 2] },
        { [1, 2, 3], [0.5, 0.4, 0.8], [0, 2] },
        { [5, 1, 3], [0.9, 0.9, 0.2], [1] },
        { [1, 1], [0.5, 0.5], [0] },
        { [2], [0.1], [0] },
    };

    [Theory]
    [MemberData(nameof(Fronts))]
    public void ParetoFront_KeepsOnlyRunsNoOtherBeatsOnCostAndAccuracy(double[] costs, double[] accuracies, int[] expected)
    {
        var front = ParetoFront.Indices(costs.Select((c, i) => (c, accuracies[i])).ToList());

        Assert.Equal(expected, front);
    }

    public static TheoryData<int[], bool[], int> Votes() => new()
    {
        // votes per cluster, cluster correct, samples drawn (the rest gave no answer)
        { [3, 1], [true, false], 4 },
        { [2, 2], [true, false], 4 },
        { [1, 1, 1, 1], [false, true, false, false], 4 },
        { [2, 3, 1], [true, false, false], 8 },
        { [4], [false], 5 },
        { [1, 2, 2, 1], [true, true, false, false], 7 },
    };

    [Theory]
    [MemberData(nameof(Votes))]
    public void ExpectedMajority_EqualsTheAverageOverEveryKSubset(int[] votes, bool[] correct, int n)
    {
        // Brute force: label every sample with its cluster (-1: no answer), vote on each k-subset, share ties.
        var labels = votes.SelectMany((v, c) => Enumerable.Repeat(c, v)).Concat(Enumerable.Repeat(-1, n - votes.Sum())).ToArray();
        var clusters = votes.Select((v, c) => (v, correct[c])).ToList();
        for (var k = 1; k <= n; k++)
        {
            var (sum, count) = (0.0, 0);
            foreach (var subset in Subsets(n, k))
            {
                var tally = subset.Select(i => labels[i]).Where(c => c >= 0).GroupBy(c => c).Select(g => (Cluster: g.Key, Votes: g.Count())).ToList();
                if (tally.Count > 0)
                {
                    var top = tally.Max(t => t.Votes);
                    var winners = tally.Where(t => t.Votes == top).ToList();
                    sum += winners.Count(w => correct[w.Cluster]) / (double)winners.Count;
                }

                count++;
            }

            Assert.Equal(sum / count, SampledCurves.ExpectedMajority(clusters, n, k), 12);
        }
    }

    [Fact]
    public void SampledCurves_MajAt1EqualsPassAt1_AndPassAtKIsTheUnbiasedEstimator()
    {
        var line = new Mario.Tool.Runs.SampleLine("p", "4", "", "4", true, null,
            [new("4", 3, null, true), new("5", 2, null, false)], new(0, 0, 0, 0, 0), null);

        var curve = SampledCurves.Compute([line], 6);

        Assert.Equal(6, curve.Count);
        Assert.Equal(0.5, curve[0].PassAtK, 12);
        Assert.Equal(curve[0].PassAtK, curve[0].MajAtK, 12);
        Assert.Equal(Metrics.PassAtK(6, 3, 2), curve[1].PassAtK, 12);
        Assert.Equal(1.0, curve[5].PassAtK, 12);
    }

    [Theory]
    [InlineData(new[] { -1.0, 1.0, 0.0, 0.05 }, 4, new[] { 0.25, 0.0, 0.5, 0.25 })]
    [InlineData(new[] { -3.0, 7.0 }, 2, new[] { 0.5, 0.5 })]
    [InlineData(new double[0], 3, new[] { 0.0, 0.0, 0.0 })]
    public void Histogram_SharesOverMinusOneToOne(double[] values, int bins, double[] expected)
    {
        Assert.Equal(expected, FinalStepScores.Histogram(values, bins));
    }

    [Theory]
    [InlineData("a|b", "a\\|b")]
    [InlineData("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert\\(1\\)&gt;")]
    [InlineData("[link](javascript:x)", "\\[link\\]\\(javascript:x\\)")]
    [InlineData("\\frac{1}{2}\nnext", "\\\\frac{1}{2} next")]
    public void MarkdownEscape_CannotOpenACellALinkOrATag(string text, string expected)
    {
        Assert.Equal(expected, MarkdownReport.E(text));
    }

    [Theory]
    [InlineData("mcts", "mcts")]
    [InlineData("Run A (v2)", "run-a-v2")]
    [InlineData("../..", "run")]
    public void Slug_IsASafeFileStem(string label, string expected)
    {
        Assert.Equal(expected, ReportBuilder.Slug(label));
    }

    private static IEnumerable<int[]> Subsets(int n, int k)
    {
        var index = Enumerable.Range(0, k).ToArray();
        while (true)
        {
            yield return [.. index];
            var i = k - 1;
            while (i >= 0 && index[i] == n - k + i)
            {
                i--;
            }

            if (i < 0)
            {
                yield break;
            }

            index[i]++;
            for (var j = i + 1; j < k; j++)
            {
                index[j] = index[j - 1] + 1;
            }
        }
    }
}
