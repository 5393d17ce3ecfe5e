namespace Mario.Tool.Grading;

/// <summary>One sample to re-grade, read from a line through a <see cref="FieldMapping"/>.</summary>
/// <param name="Id">The sample's id (with "#k" for the k-th element of a <c>[*]</c> list of several).</param>
/// <param name="Gold">The gold answer or solution.</param>
/// <param name="Completion">The completion mario extracts its answer from.</param>
/// <param name="FileCorrect">The file's own verdict, or null when it has none.</param>
/// <param name="Element">Which element of a <c>[*]</c> list this is (0 without one).</param>
/// <param name="Recorded">True when <paramref name="Completion"/> is a mario run's recorded prediction (graded as it stands, not re-extracted).</param>
public sealed record GradeItem(string Id, string Gold, string Completion, bool? FileCorrect, int Element, bool Recorded = false);
