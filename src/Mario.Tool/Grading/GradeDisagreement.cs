namespace Mario.Tool.Grading;

/// <summary>A sample where mario's verdict differs from the file's own (or the file has none to compare).</summary>
/// <param name="Id">The sample id.</param>
/// <param name="FileCorrect">The file's verdict.</param>
/// <param name="MarioCorrect">mario's verdict.</param>
/// <param name="Gold">The gold answer after extraction.</param>
/// <param name="Answer">mario's extracted answer ("" when none).</param>
/// <param name="Reason">mario's one-line reason.</param>
public sealed record GradeDisagreement(string Id, bool FileCorrect, bool MarioCorrect, string Gold, string Answer, string Reason);
