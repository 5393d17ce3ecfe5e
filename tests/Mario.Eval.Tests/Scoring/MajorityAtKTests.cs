using System.Text.Json;
using Mario.Eval.Scoring;

namespace Mario.Eval.Tests.Scoring;

/// <summary>
/// maj@k and pass@k curves against values computed independently (Data/maj-at-k.json, written by Data/maj-at-k.py:
/// exhaustive k-subsets with exact fractions, and Chen et al.'s numpy pass@k).
/// </summary>
public sealed class MajorityAtKTests
{
    private static readonly JsonElement Cases = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Data", "maj-at-k.json"))).RootElement.GetProperty("cases");

    public static TheoryData<string> CaseNames() => new(Cases.EnumerateArray().Select(c => c.GetProperty("name").GetString()!));

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Curve_EqualsTheExhaustiveSubsetAverage(string name)
    {
        var (clusters, samples, expected, _) = Case(name);

        var curve = MajorityAtK.Curve(clusters, samples);

        Assert.Equal(expected.Length, curve.Length);
        for (var k = 0; k < curve.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - curve[k]) < 1e-12, $"{name}: maj@{k + 1} = {curve[k]}, expected {expected[k]}");
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void PassAtK_EqualsTheNumpyEstimator(string name)
    {
        var (clusters, samples, _, expected) = Case(name);
        var correct = clusters.Where(c => c.Correct).Sum(c => c.Votes);

        for (var k = 1; k <= samples; k++)
        {
            Assert.Equal(expected[k - 1], Metrics.PassAtK(samples, correct, k), 12);
        }
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Curve_AtOne_IsPassAtOne_AndNeverAbovePassAtK(string name)
    {
        var (clusters, samples, _, pass) = Case(name);

        var curve = MajorityAtK.Curve(clusters, samples);

        Assert.Equal(pass[0], curve[0], 12);
        Assert.All(Enumerable.Range(0, samples), i => Assert.True(curve[i] <= pass[i] + 1e-12, $"maj@{i + 1} {curve[i]} > pass@{i + 1} {pass[i]}"));
    }

    [Fact]
    public void Curve_AtTheLargestSampleCount_StaysFiniteAndInRange()
    {
        // 1024 samples in two clusters: C(1024, 512) is near the top of a double's range.
        var curve = MajorityAtK.Curve([(600, true), (424, false)], MajorityAtK.MaxSamples);

        Assert.All(curve, v => Assert.True(double.IsFinite(v) && v is >= 0 and <= 1));
        Assert.Equal(600 / 1024.0, curve[0], 12);
        Assert.Equal(1.0, curve[^1], 12);
        Assert.True(curve[100] > curve[0]);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    public void Curve_SampleCountOutOfRange_Throws(int samples) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MajorityAtK.Curve([], samples));

    [Fact]
    public void Curve_MoreVotesThanSamples_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MajorityAtK.Curve([(3, true), (2, false)], 4));

    [Fact]
    public void MeanCurve_AveragesProblems()
    {
        var mean = MajorityAtK.MeanCurve([[(2, true)], []], 2);

        Assert.Equal([0.5, 0.5], mean);
    }

    private static ((int Votes, bool Correct)[] Clusters, int Samples, double[] MajAtK, double[] PassAtK) Case(string name)
    {
        var row = Cases.EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);
        var clusters = row.GetProperty("clusters").EnumerateArray().Select(c => (c.GetProperty("votes").GetInt32(), c.GetProperty("correct").GetBoolean())).ToArray();
        return (clusters, row.GetProperty("samples").GetInt32(),
            row.GetProperty("majAtK").EnumerateArray().Select(v => v.GetDouble()).ToArray(),
            row.GetProperty("passAtK").EnumerateArray().Select(v => v.GetDouble()).ToArray());
    }
}
