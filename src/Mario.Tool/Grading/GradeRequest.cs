using Mario.Eval.Answers;
using Mario.Tool.Reporting;

namespace Mario.Tool.Grading;

/// <summary>What <c>grade</c> was asked to do; validated by the command before it is built.</summary>
/// <param name="Path">A run folder (its samples.jsonl) or a JSONL file.</param>
/// <param name="Output">Where to write the re-graded lines, or null.</param>
/// <param name="Style">How answers are extracted from completions.</param>
/// <param name="ShowChanged">How many disagreeing samples to list (0..1000).</param>
/// <param name="InputFormat">The input format, or null to detect it from the first line.</param>
/// <param name="Fields">--field ROLE=PATH overrides, in order.</param>
/// <param name="Format">Table or JSON on stdout.</param>
public sealed record GradeRequest(
    string Path,
    FileInfo? Output = null,
    ExtractionStyle Style = ExtractionStyle.Auto,
    int ShowChanged = 10,
    GradeInputFormat? InputFormat = null,
    IReadOnlyList<string>? Fields = null,
    OutputFormat Format = OutputFormat.Table);
