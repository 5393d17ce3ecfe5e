using Mario.Eval.Answers;

namespace Mario.Eval;

/// <summary>The result of grading one completion: what was extracted and the verdict against the gold answer.</summary>
/// <param name="Extracted">The predicted answer pulled out of the completion, and the rule that fired.</param>
/// <param name="Verdict">Equivalence of the extracted answer with the gold answer (NotEquivalent when nothing was extracted).</param>
public sealed record Grade(ExtractedAnswer Extracted, Verdict Verdict)
{
    /// <summary>True when the verdict is Equivalent.</summary>
    public bool IsCorrect => Verdict.IsEquivalent;
}
