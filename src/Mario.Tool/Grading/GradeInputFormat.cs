namespace Mario.Tool.Grading;

/// <summary>Whose per-sample output <c>grade</c> reads; each has a built-in <see cref="FieldMapping"/>.</summary>
public enum GradeInputFormat
{
    /// <summary>mario's own <c>samples.jsonl</c> (id, gold, completion, correct).</summary>
    Mario,

    /// <summary>lm-evaluation-harness <c>samples_&lt;task&gt;_&lt;date&gt;.jsonl</c> (doc_id, doc, target, resps, filtered_resps, filter, exact_match).</summary>
    LmEval,

    /// <summary>Qwen2.5-Math <c>evaluation/math_eval.py</c> output (idx, question, gt_cot, gt, code[], pred[], report[], score[]).</summary>
    QwenMath,
}
