using Mario.Tool.Runs;

namespace Mario.Tool.Comparing;

/// <summary>
/// The regression gate's rule, exactly. On the baseline's n problems, paired with the candidate's verdicts, let
/// losses be the problems only the baseline got right, wins those only the candidate got right, and
/// d = (wins - losses) / n the change in accuracy. The gate FAILS when both hold:
/// <list type="number">
/// <item>the one-sided (1 - alpha) upper bound of d, the (1 - alpha) quantile (type 7) of B paired bootstrap
/// differences (<see cref="PairedBootstrap"/>), is below -max-drop / 100: the data rule out a drop as small as the
/// margin; and</item>
/// <item>the exact one-sided McNemar p-value P(X &gt;= losses), X ~ Binomial(losses + wins, 1/2), is below alpha:
/// the losses outnumber the wins beyond chance. This guards the bootstrap where it is too confident, with few
/// discordant problems (three losses and no win give a bootstrap bound below zero but p = 0.125).</item>
/// </list>
/// Otherwise it passes. With max-drop 0 the rule asks for a significant drop of any size.
/// </summary>
public static class GateRule
{
    /// <summary>Decides the gate.</summary>
    /// <param name="baseline">The baseline's correctness per problem.</param>
    /// <param name="candidate">The candidate's correctness on the same problems, in the same order.</param>
    /// <param name="settings">Margin, alpha and bootstrap settings (valid).</param>
    public static GateDecision Decide(IReadOnlyList<bool> baseline, IReadOnlyList<bool> candidate, GateSettings settings)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNotEqual(candidate.Count, baseline.Count);
        ArgumentOutOfRangeException.ThrowIfZero(baseline.Count);
        var losses = 0;
        var wins = 0;
        for (var i = 0; i < baseline.Count; i++)
        {
            losses += baseline[i] && !candidate[i] ? 1 : 0;
            wins += !baseline[i] && candidate[i] ? 1 : 0;
        }

        var sorted = PairedBootstrap.Differences(baseline, candidate, settings.Resamples, settings.Seed);
        var upper = PairedBootstrap.Quantile(sorted, 1 - settings.Alpha);
        var p = McNemar.ExactOneSidedWorse(losses, wins);
        var failed = upper < -settings.MaxDropPoints / 100 && p < settings.Alpha;
        return new GateDecision(!failed, baseline.Count, baseline.Count(c => c), candidate.Count(c => c), losses, wins,
            (double)(wins - losses) / baseline.Count, upper, p, settings);
    }
}
