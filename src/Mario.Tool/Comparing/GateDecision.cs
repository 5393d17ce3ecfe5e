using System.Globalization;

namespace Mario.Tool.Comparing;

/// <summary>The gate's verdict and the numbers behind it (see <see cref="GateRule"/>).</summary>
/// <param name="Passed">False only when the candidate is worse by more than the margin with statistical support.</param>
/// <param name="N">Problems gated (the baseline's).</param>
/// <param name="BaselineCorrect">Correct in the baseline.</param>
/// <param name="CandidateCorrect">Correct in the candidate on the same problems.</param>
/// <param name="Losses">Problems only the baseline got right.</param>
/// <param name="Wins">Problems only the candidate got right.</param>
/// <param name="Difference">accuracy(candidate) - accuracy(baseline), in [-1, 1].</param>
/// <param name="UpperBound">The one-sided (1 - alpha) paired bootstrap upper bound of the difference, in [-1, 1].</param>
/// <param name="PValue">The one-sided exact McNemar p-value that the candidate is worse, in [0, 1].</param>
/// <param name="Settings">The margin, alpha and bootstrap settings applied.</param>
public sealed record GateDecision(
    bool Passed,
    int N,
    int BaselineCorrect,
    int CandidateCorrect,
    int Losses,
    int Wins,
    double Difference,
    double UpperBound,
    double PValue,
    GateSettings Settings)
{
    /// <summary>The one line that says why: <c>gate passed: ...</c> or <c>gate failed: ...</c>, with the numbers.</summary>
    public string Line()
    {
        var c = CultureInfo.InvariantCulture;
        var margin = -Settings.MaxDropPoints / 100;
        var threshold = Settings.MaxDropPoints == 0 ? "0 points" : string.Create(c, $"-{Settings.MaxDropPoints:0.##} points");
        var confidence = (1 - Settings.Alpha) * 100;
        var head = string.Create(c,
            $"gate {(Passed ? "passed" : "failed")}: candidate {Percent(CandidateCorrect)} vs baseline {Percent(BaselineCorrect)} on {N} problems ({Points(Difference)}; {Losses} lost, {Wins} won)");
        var bound = string.Create(c, $"{confidence:0.#}% upper bound {Points(UpperBound)} (paired bootstrap, B = {Settings.Resamples}, seed {Settings.Seed})");
        var test = string.Create(c, $"exact one-sided McNemar p = {P(PValue)}");
        if (!Passed)
        {
            return string.Create(c, $"{head}: {bound} is below {threshold} and {test} < {Settings.Alpha}");
        }

        var why = UpperBound >= margin
            ? string.Create(c, $"{bound} is not below {threshold}")
            : string.Create(c, $"{test} is not below {Settings.Alpha} (too few discordant problems to call a drop)");
        return $"{head}: {why}";
    }

    private string Percent(int correct) => ((double)correct / N * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

    private static string Points(double difference) => (difference * 100).ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " points";

    private static string P(double p) => p >= 0.0001 ? p.ToString("0.0000", CultureInfo.InvariantCulture) : p.ToString("0.0e+00", CultureInfo.InvariantCulture);
}
