using Mario.Eval.Answers;

namespace Mario.Eval;

/// <summary>Extraction plus checking: grades a model completion against a gold answer. Thread-safe when the checker is.</summary>
/// <param name="checker">The equivalence relation; <see cref="EquivalenceChecker"/> by default.</param>
/// <param name="style">How the predicted answer is extracted from the completion.</param>
/// <param name="goldStyle">How the gold answer is extracted (Auto unwraps <c>\boxed</c>/<c>####</c> in gold solutions; bare golds pass through).</param>
public sealed class AnswerGrader(
    IEquivalenceChecker? checker = null,
    ExtractionStyle style = ExtractionStyle.Auto,
    ExtractionStyle goldStyle = ExtractionStyle.Auto)
{
    private readonly IEquivalenceChecker _checker = checker ?? new EquivalenceChecker();

    /// <summary>Extracts the answer from <paramref name="completion"/> and checks it against <paramref name="gold"/>.</summary>
    /// <param name="gold">The reference answer (bare, or a solution with a boxed/#### answer).</param>
    /// <param name="completion">The model's completion (or a bare answer).</param>
    public Grade Grade(string gold, string completion) => GradeWithGold(gold, completion).Grade;

    /// <summary>As <see cref="Grade"/>, also returning the gold answer after extraction (for reports).</summary>
    /// <param name="gold">The reference answer (bare, or a solution with a boxed/#### answer).</param>
    /// <param name="completion">The model's completion (or a bare answer).</param>
    public (string GoldAnswer, Grade Grade) GradeWithGold(string gold, string completion)
    {
        ArgumentNullException.ThrowIfNull(gold);
        var goldAnswer = AnswerExtractor.Extract(gold, goldStyle).Answer ?? gold;
        var extracted = AnswerExtractor.Extract(completion, style);
        if (extracted.Answer is null)
        {
            return (goldAnswer, new Grade(extracted, new Verdict(Outcome.NotEquivalent, EquivalenceMethod.String, "no answer could be extracted")));
        }

        var verdict = _checker.Check(goldAnswer, extracted.Answer);
        if (!verdict.IsEquivalent && AnswerExtractor.IsChoiceLetter(goldAnswer) && IsProse(extracted.Answer)
            && AnswerExtractor.ChoiceLetter(completion) is { } letter && letter != extracted.Answer)
        {
            // A multiple-choice gold: read the completion's chosen letter ("therefore I think it's B").
            var choice = new ExtractedAnswer(letter, ExtractionRule.Choice);
            return (goldAnswer, new Grade(choice, _checker.Check(goldAnswer, letter)));
        }

        return (goldAnswer, new Grade(extracted, verdict));
    }

    // Only prose falls back to letter reading: "\mathrm{E}*2" is an answer, not a choice.
    private bool IsProse(string answer) =>
        answer.Trim().Contains(' ', StringComparison.Ordinal)
        || (_checker is EquivalenceChecker checker && checker.TryParse(answer) is not null);
}
