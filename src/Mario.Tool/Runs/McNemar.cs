namespace Mario.Tool.Runs;

/// <summary>
/// The exact McNemar test of two paired 0/1 outcomes: under "neither run is better" each discordant pair (one run
/// right, the other wrong) goes either way with probability one half, so the count of one kind is
/// Binomial(discordant, 1/2). Concordant pairs carry no information and are ignored. No normal approximation.
/// </summary>
public static class McNemar
{
    /// <summary>
    /// The two-sided exact p-value: min(1, 2 P(X &lt;= min(b, c))) with X ~ Binomial(b + c, 1/2), the same value
    /// as scipy's <c>binomtest(b, b + c, 0.5)</c> and statsmodels' <c>mcnemar(exact=True)</c>; 1 when there is no
    /// discordant pair.
    /// </summary>
    /// <param name="onlyFirst">Pairs where only the first run is correct (b), at least 0.</param>
    /// <param name="onlySecond">Pairs where only the second run is correct (c), at least 0.</param>
    public static double ExactTwoSided(int onlyFirst, int onlySecond)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(onlyFirst);
        ArgumentOutOfRangeException.ThrowIfNegative(onlySecond);
        var n = onlyFirst + onlySecond;
        return n == 0 ? 1 : Math.Min(1, 2 * ExactBinomial.HalfLowerTail(n, Math.Min(onlyFirst, onlySecond)));
    }

    /// <summary>
    /// The one-sided exact p-value that the second run is worse: P(X &gt;= b) with X ~ Binomial(b + c, 1/2), the
    /// chance of at least this many losses if the runs were equally good (scipy's
    /// <c>binomtest(b, b + c, 0.5, alternative="greater")</c>); 1 when there is no discordant pair.
    /// </summary>
    /// <param name="losses">Pairs where only the first run (the baseline) is correct, at least 0.</param>
    /// <param name="wins">Pairs where only the second run (the candidate) is correct, at least 0.</param>
    public static double ExactOneSidedWorse(int losses, int wins)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(losses);
        ArgumentOutOfRangeException.ThrowIfNegative(wins);
        var n = losses + wins;
        return n == 0 ? 1 : ExactBinomial.HalfUpperTail(n, losses);
    }
}
