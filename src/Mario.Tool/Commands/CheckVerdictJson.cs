namespace Mario.Tool.Commands;

/// <summary><c>check GOLD PRED --format json</c>: the verdict on one pair.</summary>
/// <param name="SchemaVersion">1; bumped when a field changes meaning or is removed.</param>
/// <param name="Equivalent">True only for an Equivalent verdict (unknown counts as not equivalent).</param>
/// <param name="Outcome">equivalent, not-equivalent or unknown.</param>
/// <param name="Method">The method that decided (exact, numeric, symbolic, ...).</param>
/// <param name="Reason">One line saying why.</param>
/// <param name="GoldAnswer">The gold answer after extraction.</param>
/// <param name="GoldRule">The extraction rule that produced it.</param>
/// <param name="PredAnswer">The predicted answer after extraction ("" when none).</param>
/// <param name="PredRule">The extraction rule that produced it.</param>
internal sealed record CheckVerdictJson(
    int SchemaVersion, bool Equivalent, string Outcome, string Method, string Reason, string GoldAnswer, string GoldRule, string PredAnswer, string PredRule);
