using Mario.Search.Tree;
using Mario.Tool.Runs;

namespace Mario.Tool.Reports;

/// <summary>
/// The value-model estimate and the search's Q of every graded final (answer) step in a run's search trees, split by
/// whether the answer was correct: AlphaMath's figure of how well the value separates right from wrong answers.
/// </summary>
/// <param name="CorrectValues">Values (in [-1, 1]) of answer steps whose answer matched the gold answer.</param>
/// <param name="IncorrectValues">Values of answer steps whose answer did not.</param>
/// <param name="CorrectQ">Q = W / N of correct answer steps the search visited (N &gt; 0).</param>
/// <param name="IncorrectQ">Q of incorrect answer steps the search visited.</param>
public sealed record FinalStepScores(
    IReadOnlyList<double> CorrectValues,
    IReadOnlyList<double> IncorrectValues,
    IReadOnlyList<double> CorrectQ,
    IReadOnlyList<double> IncorrectQ)
{
    /// <summary>True when some graded answer step has a value estimate.</summary>
    public bool HasValues => CorrectValues.Count + IncorrectValues.Count > 0;

    /// <summary>True when the search visited some graded answer step (MCTS, rStar-MCTS).</summary>
    public bool HasQ => CorrectQ.Count + IncorrectQ.Count > 0;

    /// <summary>
    /// Collects the scores from every sample line's tree; a line without a tree is skipped, and so is an answer step
    /// without a verdict (the gold answer was not known to the search).
    /// </summary>
    /// <returns>The scores, and the ids of lines whose tree could not be read with the reason (the report lists them).</returns>
    public static (FinalStepScores Scores, IReadOnlyList<string> Unreadable) Collect(IReadOnlyList<SampleLine> samples)
    {
        ArgumentNullException.ThrowIfNull(samples);
        List<double> correctValues = [], incorrectValues = [], correctQ = [], incorrectQ = [];
        var unreadable = new List<string>();
        foreach (var sample in samples)
        {
            if (sample.Tree is not { } tree)
            {
                continue;
            }

            var parse = TreeDump.Parse(tree);
            if (parse.Dump is not { } dump)
            {
                unreadable.Add($"{sample.Id}: {parse.Error}");
                continue;
            }

            foreach (var node in dump.Nodes)
            {
                if (node.Kind != StepKind.Answer || node.Correct is not { } correct)
                {
                    continue;
                }

                if (node.Value is { } value && double.IsFinite(value))
                {
                    (correct ? correctValues : incorrectValues).Add(value);
                }

                if (node.Visits > 0 && double.IsFinite(node.Q))
                {
                    (correct ? correctQ : incorrectQ).Add(node.Q);
                }
            }
        }

        return (new FinalStepScores(correctValues, incorrectValues, correctQ, incorrectQ), unreadable);
    }

    /// <summary>
    /// The share of <paramref name="values"/> in each of <paramref name="bins"/> equal bins over [-1, 1] (a value
    /// outside is clamped to the nearest bin); all zero when there are no values.
    /// </summary>
    public static double[] Histogram(IReadOnlyList<double> values, int bins)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        var shares = new double[bins];
        foreach (var value in values)
        {
            var bin = (int)Math.Floor((Math.Clamp(value, -1, 1) + 1) / 2 * bins);
            shares[Math.Min(bins - 1, bin)] += 1.0 / values.Count;
        }

        return shares;
    }
}
