namespace Mario.Tool.Grading;

/// <summary>The agreement table in <see cref="GradeReportJson"/>.</summary>
/// <param name="BothCorrect">File correct, mario correct.</param>
/// <param name="FileOnlyCorrect">File correct, mario wrong.</param>
/// <param name="MarioOnlyCorrect">File wrong, mario correct.</param>
/// <param name="BothWrong">File wrong, mario wrong.</param>
/// <param name="NoFileVerdict">Samples the file gives no verdict for.</param>
internal sealed record GradeAgreementJson(int BothCorrect, int FileOnlyCorrect, int MarioOnlyCorrect, int BothWrong, int NoFileVerdict);
