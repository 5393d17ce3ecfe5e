namespace Mario.Tool.Suites;

/// <summary>How <c>suites pull</c> produces the data file from the pinned source.</summary>
/// <param name="Normalizer">The normalization applied to the verified source file.</param>
/// <param name="Take">Keep only the first N normalized rows (the <c>-mini</c> suites); null keeps all.</param>
/// <param name="IdWidth">Zero-padding width of the numeric id suffix (e.g. 4 gives <c>gsm8k-test-0042</c>), 1 to 8; 0 without a normalizer.</param>
/// <param name="IdPrefix">Id prefix before <c>-NNNN</c>; null means the suite id (the <c>-mini</c> suites reuse their parent's ids).</param>
public sealed record PullSpec(PullNormalizer Normalizer = PullNormalizer.None, int? Take = null, int IdWidth = 0, string? IdPrefix = null);
