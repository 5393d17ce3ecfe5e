namespace Mario.Tool.Grading;

/// <summary>What a field of a foreign sample line means to <c>grade</c>; the names <c>--field ROLE=PATH</c> takes.</summary>
public enum FieldRole
{
    /// <summary>The sample's id (every path present is joined with '/', e.g. lm-eval's doc_id and filter).</summary>
    Id,

    /// <summary>The gold answer or gold solution (the first path present).</summary>
    Gold,

    /// <summary>The model's completion, re-extracted by mario (the first path present).</summary>
    Completion,

    /// <summary>The file's own verdict: true/false, or a number where non-zero means correct (the first path present; optional).</summary>
    Verdict,
}
