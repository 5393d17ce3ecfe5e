using Mario.Tool.Runs;

namespace Mario.Tool.Comparing;

/// <summary>
/// What <c>dotnet mario compare</c> found: each run's accuracy on the problems every run shares, each run's paired
/// difference from the first, and a breakdown by level and subject. <c>--format json</c> writes this record.
/// </summary>
/// <param name="Schema">Format version, 1.</param>
/// <param name="Suite">The suite every run read (identical id, version and data sha256, or the runs are refused).</param>
/// <param name="Paired">Problems every run has a sample line for; every figure below is over these.</param>
/// <param name="Bootstrap">How the difference intervals were drawn.</param>
/// <param name="Runs">The runs in command-line order; the first is the reference.</param>
/// <param name="Differences">Each later run against the first.</param>
/// <param name="Breakdown">Correct counts per level and per subject (empty when the sample lines carry neither).</param>
public sealed record ComparisonReport(
    int Schema,
    SuiteIdentity Suite,
    int Paired,
    BootstrapSettings Bootstrap,
    IReadOnlyList<RunStanding> Runs,
    IReadOnlyList<PairedDifference> Differences,
    IReadOnlyList<FacetRow> Breakdown)
{
    /// <summary>The current format version.</summary>
    public const int CurrentSchema = 1;
}

/// <summary>The paired bootstrap's settings, so an interval can be reproduced.</summary>
/// <param name="Resamples">B, the number of resamples.</param>
/// <param name="Seed">The SplitMix64 seed.</param>
/// <param name="Confidence">Two-sided coverage of the intervals, e.g. 0.95.</param>
public sealed record BootstrapSettings(int Resamples, ulong Seed, double Confidence);

/// <summary>One run's standing on the paired problems.</summary>
/// <param name="Label">Its column name: the folder's name (the folder as given when two names collide).</param>
/// <param name="Folder">The folder as given on the command line.</param>
/// <param name="Model">The policy's id.</param>
/// <param name="ModelSha256">sha256 of the policy's files, or null for a server.</param>
/// <param name="Strategy">The strategy's command-line name.</param>
/// <param name="Solver">The strategy instance with its options.</param>
/// <param name="Samples">Sample lines in the run, paired or not.</param>
/// <param name="Correct">Correct paired problems.</param>
/// <param name="Accuracy">Correct / paired, in [0, 1] (4 decimals).</param>
/// <param name="Ci95">The Wilson 95% interval of the accuracy (4 decimals).</param>
/// <param name="Cost">Mean resources per paired problem.</param>
public sealed record RunStanding(
    string Label,
    string Folder,
    string Model,
    string? ModelSha256,
    string Strategy,
    string Solver,
    int Samples,
    int Correct,
    double Accuracy,
    Interval Ci95,
    RunCost Cost);

/// <summary>Mean resources per paired problem, from each sample line's usage.</summary>
/// <param name="SecondsPerProblem">Solving time in seconds (3 decimals); a measurement, not a result.</param>
/// <param name="GeneratedTokensPerProblem">Generated tokens (1 decimal).</param>
/// <param name="ModelCallsPerProblem">Generation requests (2 decimals).</param>
/// <param name="CodeRunsPerProblem">Sandbox executions (2 decimals).</param>
public sealed record RunCost(double SecondsPerProblem, double GeneratedTokensPerProblem, double ModelCallsPerProblem, double CodeRunsPerProblem);

/// <summary>A run against the reference (the first run), problem by problem.</summary>
/// <param name="Reference">The reference run's label.</param>
/// <param name="Run">This run's label.</param>
/// <param name="Difference">accuracy(run) - accuracy(reference), in [-1, 1] (4 decimals).</param>
/// <param name="Ci95">The paired bootstrap percentile interval of the difference (method <c>paired-bootstrap</c>, 4 decimals).</param>
/// <param name="BothCorrect">Problems both got right.</param>
/// <param name="OnlyReference">Problems only the reference got right (lost by this run).</param>
/// <param name="OnlyRun">Problems only this run got right (won by this run).</param>
/// <param name="BothWrong">Problems both got wrong.</param>
/// <param name="McNemarP">The exact two-sided McNemar p-value on the discordant pairs, in [0, 1] (not rounded).</param>
/// <param name="Won">Ids of the problems only this run got right, in the reference's order.</param>
/// <param name="Lost">Ids of the problems only the reference got right, in the reference's order.</param>
public sealed record PairedDifference(
    string Reference,
    string Run,
    double Difference,
    Interval Ci95,
    int BothCorrect,
    int OnlyReference,
    int OnlyRun,
    int BothWrong,
    double McNemarP,
    IReadOnlyList<string> Won,
    IReadOnlyList<string> Lost);

/// <summary>The paired problems with one level or subject.</summary>
/// <param name="Facet">Level or subject.</param>
/// <param name="Value">The level or subject as the suite spells it.</param>
/// <param name="N">Paired problems with this value.</param>
/// <param name="Correct">Correct among them, per run in run order.</param>
public sealed record FacetRow(ProblemFacet Facet, string Value, int N, IReadOnlyList<int> Correct);
