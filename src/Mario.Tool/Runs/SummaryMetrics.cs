using System.Text.Json.Serialization;

namespace Mario.Tool.Runs;

/// <summary>Accuracy and the counts behind it.</summary>
/// <param name="N">Problems with a sample line.</param>
/// <param name="Selected">Problems selected (after ids, shard and limit).</param>
/// <param name="Missing">Selected problems without a line (non-zero only for an unfinished run).</param>
/// <param name="Correct">Lines whose verdict is equivalent.</param>
/// <param name="Accuracy">Correct / n in [0, 1] (4 decimals; 0 when n is 0).</param>
/// <param name="StandardError">sqrt(p(1-p)/(n-1)), lm-evaluation-harness's standard error (4 decimals).</param>
/// <param name="Ci95">The Wilson 95% interval of the accuracy.</param>
/// <param name="Answered">Lines with an extracted answer.</param>
/// <param name="NoAnswer">Lines without an answer that did not error.</param>
/// <param name="Errors">Lines whose solving failed.</param>
/// <param name="Outcomes">Verdicts by outcome.</param>
/// <param name="Methods">Verdicts by deciding method (kebab-case names).</param>
/// <param name="NoAnswerReasons">Lines without an answer by reason (kebab-case names), each with its first problem id.</param>
/// <param name="Coverage">Share of problems, in [0, 1], for which some candidate answer is correct (4 decimals).</param>
/// <param name="PassAtK">For strategies that draw k independent samples (maj, bon): the unbiased pass@k estimate for
/// k = 1..samples, keyed by k (4 decimals), a sample without an answer counting as wrong; null for other strategies.</param>
/// <param name="MajAtK">For the same strategies: maj@k for k = 1..samples, keyed by k (4 decimals), the expected accuracy of
/// a majority vote over k of the samples drawn uniformly without replacement, ties split evenly (Mario.Eval's
/// <c>MajorityAtK</c>; docs/run-files.md); null for other strategies.</param>
public sealed record SummaryMetrics(
    int N,
    int Selected,
    int Missing,
    int Correct,
    double Accuracy,
    double StandardError,
    Interval Ci95,
    int Answered,
    int NoAnswer,
    int Errors,
    OutcomeCounts Outcomes,
    IReadOnlyDictionary<string, int> Methods,
    IReadOnlyDictionary<string, ReasonCount> NoAnswerReasons,
    double Coverage,
    IReadOnlyDictionary<string, double>? PassAtK,
    IReadOnlyDictionary<string, double>? MajAtK = null);
