namespace Mario.Tool.Grading;

/// <summary><c>grade --format json</c>: the whole report as one JSON document (snake_case fields).</summary>
/// <param name="SchemaVersion">1; bumped when a field changes meaning or is removed.</param>
/// <param name="File">The file graded.</param>
/// <param name="InputFormat">mario, lm-eval or qwen-math.</param>
/// <param name="Detected">True when the format was detected rather than given with --input-format.</param>
/// <param name="Fields">The field mapping used: role to alternatives (<c>a|b</c>).</param>
/// <param name="Samples">Samples graded.</param>
/// <param name="MarioCorrect">Samples mario judged correct.</param>
/// <param name="MarioAccuracy">MarioCorrect / Samples, or null with no samples.</param>
/// <param name="FileVerdicts">Samples the file gives a verdict for.</param>
/// <param name="FileCorrect">Samples the file judged correct.</param>
/// <param name="FileAccuracy">FileCorrect / FileVerdicts, or null with none.</param>
/// <param name="Agreement">The 2x2 table.</param>
/// <param name="Unknown">Checks that ended Unknown (counted as wrong).</param>
/// <param name="NoAnswer">Samples with no extractable answer.</param>
/// <param name="BadLines">Lines that could not be read (each reported on stderr).</param>
/// <param name="Disagreements">The first disagreeing samples (at most --show-changed).</param>
internal sealed record GradeReportJson(
    int SchemaVersion,
    string File,
    string InputFormat,
    bool Detected,
    IReadOnlyDictionary<string, string> Fields,
    int Samples,
    int MarioCorrect,
    double? MarioAccuracy,
    int FileVerdicts,
    int FileCorrect,
    double? FileAccuracy,
    GradeAgreementJson Agreement,
    int Unknown,
    int NoAnswer,
    int BadLines,
    IReadOnlyList<GradeDisagreement> Disagreements);
